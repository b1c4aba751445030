// The argument shape `inkling <command> <file> [--data DIR]` shared by backup and restore.
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import type { CommandIo } from './command.ts';

/** The one file argument and the config; null (after printing the usage) when the call is off. */
export function parseFileCommand(argv: string[], io: CommandIo, usage: string): { file: string; config: Config } | null {
  const { values, positionals } = parseArgs({ args: argv, options: { data: { type: 'string' } }, allowPositionals: true });
  const [file] = positionals;
  if (file === undefined || positionals.length !== 1) {
    io.err(`Usage:\n${usage}`);
    return null;
  }
  return { file, config: loadConfig(values.data ? ['--data', values.data] : [], io.env) };
}
