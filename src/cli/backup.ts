// `inkling backup <file>`: a consistent copy of the database, made by the running server or directly.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { withAdminSession } from '../lifecycle/session.ts';
import type { BackupResult } from '../lifecycle/backup.ts';
import type { Command } from './command.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a consistent backup of the database (also while the server runs)',
  usage: `inkling backup <file> [--data ./data]
The backup is a DuckDB file with every site and event (not the daily salts); restore it with
inkling restore <file>.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { data: { type: 'string' } }, allowPositionals: true });
    const [file] = positionals;
    if (file === undefined || positionals.length !== 1) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
    // Absolute: a running server resolves paths from its own working directory.
    const result = await withAdminSession(config, (session) => session.call<BackupResult>('backup.create', { file: path.resolve(file) }));
    io.out(`Backed up ${result.events} events to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB)`);
    return 0;
  },
};
