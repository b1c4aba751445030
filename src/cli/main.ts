// `inkling <command>`: a table of commands; errors become one clear line and a non-zero exit.
import type { Command, CommandIo } from './command.ts';
import { ConfigError } from '../config.ts';
import { AdminError } from '../lib/admin-error.ts';
import { serveCommand } from './serve.ts';
import { siteCommand } from './site.ts';
import { snippetCommand } from './snippet.ts';
import { apikeyCommand } from './apikey.ts';
import { retentionCommand } from './retention.ts';
import { backupCommand } from './backup.ts';
import { restoreCommand } from './restore.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { auditCommand } from './audit.ts';
import { userCommand } from './user.ts';
import { clickhouseCommand } from './clickhouse.ts';
import { migrateCommand } from './migrate.ts';

export const commands: readonly Command[] = [
  serveCommand, siteCommand, snippetCommand, apikeyCommand, retentionCommand,
  exportCommand, importCommand, backupCommand, restoreCommand, auditCommand,
  clickhouseCommand, migrateCommand, userCommand,
];

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Inkling: privacy-focused web analytics',
    '',
    'Usage: npx inkling <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `npx inkling <command> --help` for a command\'s options.',
  ].join('\n');
}

/** Files made by any command (the database, its WAL, spool segments, backups) are the user's alone. */
const PRIVATE_UMASK = 0o077;

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  process.umask(PRIVATE_UMASK);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage:\n${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`inkling ${name}: ${describe(error)}`);
    return error instanceof ConfigError || isUsageError(error) ? 2 : 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof ConfigError || error instanceof AdminError || isUsageError(error)) return (error as Error).message;
  const message = (error as Error).message ?? String(error);
  if (/lock/i.test(message)) return `the data directory is in use by another process (${message.split('\n')[0]})`;
  return message.split('\n')[0] ?? 'failed';
}

/** parseArgs reports unknown or malformed flags with these codes. */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
