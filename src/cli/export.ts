// `inkling export <domain>`: every event of a site as CSV or JSONL, to a file or stdout.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { finished } from 'node:stream/promises';
import { loadConfig } from '../config.ts';
import { withAdminSession } from '../admin/admin-session.ts';
import { exportEvents, type ExportFormat } from '../transfer/export.ts';
import { stderrProgress } from '../lib/progress.ts';
import { PRIVATE_FILE } from '../store/data-dir.ts';
import type { Command } from './command.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a site\'s events as CSV or JSONL',
  usage: `inkling export <domain> [--format csv|jsonl] [--out file] [--data ./data]
Without --out the events go to stdout. Columns are those of the events table;
\`inkling import\` reads the file back.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true,
      options: { format: { type: 'string', default: 'csv' }, out: { type: 'string' }, data: { type: 'string' } },
    });
    const [site] = positionals;
    if (site === undefined || positionals.length !== 1 || !['csv', 'jsonl'].includes(values.format)) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
    const file = values.out === undefined ? null : path.resolve(values.out);
    if (file !== null && fs.existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
    const count = await withAdminSession(config, async (session) => {
      await session.call('events.count', { site }); // an unknown site fails before any file is made
      // Private whatever the directory: the file holds every event of the site.
      const out = file === null ? process.stdout : fs.createWriteStream(file, { flags: 'wx', mode: PRIVATE_FILE });
      const done = await exportEvents(session, site, values.format as ExportFormat, out, (total) => stderrProgress(`export ${site}`, 'rows', total, io.err));
      if (file !== null) {
        out.end();
        await finished(out);
      }
      return done;
    });
    if (file !== null) io.out(`Exported ${count} events of ${site} to ${file}`);
    return 0;
  },
};
