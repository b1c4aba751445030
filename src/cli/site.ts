// `inkling site add|list|remove`: manage sites, through the running server or on the file directly.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runAdminOp } from '../admin/admin-session.ts';
import type { Command } from './command.ts';

export const siteCommand: Command = {
  name: 'site',
  summary: 'Add, list or remove sites',
  usage: `inkling site add <domain> [--timezone Area/City] [--data ./data]
inkling site list [--data ./data]
inkling site remove <domain> [--data ./data]   (also deletes the site's events)`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { timezone: { type: 'string' }, data: { type: 'string' } },
      allowPositionals: true,
    });
    const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
    const [action, domain] = positionals;
    if (action === 'list' && positionals.length === 1) {
      const sites = (await runAdminOp(config, 'site.list', {})) as Array<{ domain: string; timezone: string }>;
      if (sites.length === 0) io.out('No sites yet. Add one with: npx inkling site add example.com');
      for (const site of sites) io.out(`${site.domain}\t${site.timezone}`);
      return 0;
    }
    if (action === 'add' && domain !== undefined && positionals.length === 2) {
      const result = (await runAdminOp(config, 'site.add', { domain, timezone: values.timezone ?? 'UTC' })) as {
        site: { domain: string; timezone: string };
        existed: boolean;
      };
      io.out(`${result.existed ? 'Updated' : 'Added'} ${result.site.domain} (time zone ${result.site.timezone})`);
      return 0;
    }
    if (action === 'remove' && domain !== undefined && positionals.length === 2) {
      const result = (await runAdminOp(config, 'site.remove', { domain })) as { domain: string; events: number };
      io.out(`Removed ${result.domain} and its ${result.events} events`);
      return 0;
    }
    io.err(`Usage:\n${this.usage}`);
    return 2;
  },
};
