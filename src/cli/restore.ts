// `inkling restore <file>`: replaces the database with a backup; refused while a server runs.
import path from 'node:path';
import { isServing, socketPath } from '../admin/channel.ts';
import { restoreDatabase } from '../maintenance/backup.ts';
import type { Command } from './command.ts';
import { parseFileCommand } from './file-arg.ts';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Replace the database with a backup (stop the server first)',
  usage: `inkling restore <file> [--data ./data]
The current database is kept as <data>/inkling.duckdb.pre-restore. Events still in the
spool (accepted but not yet stored) are stored on the next start.`,
  async run(argv, io) {
    const parsed = parseFileCommand(argv, io, this.usage);
    if (parsed === null) return 2;
    const { file, config } = parsed;
    if (await isServing(socketPath(config.dataDir))) {
      io.err(`inkling restore: a server is running on ${config.dataDir}; stop it first (Ctrl-C or SIGTERM), then restore.`);
      return 1;
    }
    const result = await restoreDatabase(config.dataDir, path.resolve(file));
    io.out(`Restored ${result.sites} sites and ${result.events} events from ${path.resolve(file)}`);
    if (result.previous) io.out(`The previous database is kept as ${result.previous}`);
    return 0;
  },
};
