// `inkling backup <file>`: a consistent copy of the database, made by the running server or directly.
import path from 'node:path';
import { withAdminSession } from '../admin/admin-session.ts';
import type { BackupResult } from '../maintenance/backup.ts';
import type { Command } from './command.ts';
import { parseFileCommand } from './file-arg.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a consistent backup of the database (also while the server runs)',
  usage: `inkling backup <file> [--data ./data]
The backup is a DuckDB file with every site and event (not the daily salts); restore it with
inkling restore <file>.`,
  async run(argv, io) {
    const parsed = parseFileCommand(argv, io, this.usage);
    if (parsed === null) return 2;
    const { file, config } = parsed;
    // Absolute: a running server resolves paths from its own working directory.
    const result = await withAdminSession(config, (session) => session.call<BackupResult>('backup.create', { file: path.resolve(file) }));
    io.out(`Backed up ${result.events} events to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB)`);
    return 0;
  },
};
