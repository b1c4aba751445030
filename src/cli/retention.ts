// `inkling retention`: how long each site keeps its events; older ones are deleted daily.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { withAdminSession } from '../admin/admin-session.ts';
import type { RetentionRow } from '../maintenance/retention.ts';
import type { Command } from './command.ts';

export const retentionCommand: Command = {
  name: 'retention',
  summary: 'Keep each site\'s events for N days (deleted daily), or forever',
  usage: `inkling retention [--data ./data]                       list each site's retention
inkling retention <domain> <days|off> [--data ./data]   set it; older events are deleted at once
inkling retention run [--data ./data]                   delete what is past retention now
A running server applies retention at start and then every 24 hours.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { data: { type: 'string' } }, allowPositionals: true });
    const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
    const [first, second] = positionals;
    if (positionals.length > 2 || (positionals.length === 1 && first !== 'run')) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    return withAdminSession(config, async (session) => {
      if (first === undefined) {
        for (const row of await session.call<RetentionRow[]>('retention.list')) io.out(`${row.domain}\t${row.days === null ? 'forever' : `${row.days} days`}`);
      } else if (second === undefined) {
        const rows = await session.call<Array<{ domain: string; deleted: number }>>('retention.apply');
        if (rows.length === 0) io.out('No site has a retention; nothing to delete.');
        for (const row of rows) io.out(`${row.domain}\tdeleted ${row.deleted} events`);
      } else {
        const days = second.toLowerCase() === 'off' ? null : /^\d+$/.test(second) ? Number(second) : NaN;
        if (Number.isNaN(days)) {
          io.err(`inkling retention: "${second}" is not a number of days or "off"`);
          return 2;
        }
        const result = await session.call<{ domain: string; days: number | null; deleted: number | null }>('retention.set', { domain: first, days });
        // deleted is null when the events are in ClickHouse, out of this command's reach.
        const done = result.deleted === null ? 'older events are deleted by the nodes daily' : `${result.deleted} older events deleted`;
        io.out(result.days === null ? `${result.domain} keeps its events forever` : `${result.domain} keeps ${result.days} days of events (${done})`);
      }
      return 0;
    });
  },
};
