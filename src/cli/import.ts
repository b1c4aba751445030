// `inkling import <file>`: our own export, Plausible's CSV export, or an nginx/Apache/Caddy access log.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, configArgs } from '../config.ts';
import { withAdminSession } from '../admin/admin-session.ts';
import { detectFormat, IMPORT_FORMATS, type ImportFormat } from '../transfer/import-detect.ts';
import { runImport } from '../transfer/import.ts';
import { stderrProgress } from '../lib/progress.ts';
import type { Site } from '../sites/registry.ts';
import { normalizeDomain } from '../sites/domain.ts';
import type { Command } from './command.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import events: an Inkling export, a Plausible CSV export, or an access log',
  usage: `inkling import <file> [--site <domain>] [--format ${IMPORT_FORMATS.join('|')}] [--data ./data]
  <file>   an \`inkling export\` file (.csv or .jsonl), Plausible's export (.zip, its folder, or
           one imported_*.csv), an nginx/Apache "combined" access log, or a Caddy JSON access log
  --site   the site to import into (required for Plausible and nginx/Apache logs)
Access-log lines go through the same pipeline as live hits (bots, spam and rate limit dropped,
IP addresses only hashed), with each line's own time. The format is detected unless given.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { site: { type: 'string' }, format: { type: 'string' }, data: { type: 'string' }, geoip: { type: 'string' }, 'spam-referrers': { type: 'string' }, 'rate-limit': { type: 'string' } },
    });
    const [file] = positionals;
    if (file === undefined || positionals.length !== 1 || (values.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(values.format))) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    // The same flags and environment as `inkling serve`, so imported hits are enriched alike.
    const config = loadConfig(configArgs(values), io.env);
    const format = (values.format as ImportFormat | undefined) ?? detectFormat(path.resolve(file));
    const counts = await withAdminSession(config, async (session) => {
      const site = values.site === undefined ? null : siteNamed(values.site, await session.call<Site[]>('site.list'));
      return runImport(session, {
        file: path.resolve(file), format, site,
        geoipFile: config.geoipFile, spamReferrersFile: config.spamReferrersFile,
        rateLimit: config.rateLimit === null ? 'off' : `${config.rateLimit.hits}/${config.rateLimit.perMs}ms`,
        progress: (total, unit) => stderrProgress(`import ${path.basename(file)}`, unit === 'bytes' ? 'MB' : unit, total || null, io.err, unit === 'bytes' ? 1024 * 1024 : 1),
      });
    });
    io.out(`Imported ${counts.imported ?? 0} events from ${file} (${format})`);
    for (const [reason, n] of Object.entries(counts).sort()) if (reason !== 'imported') io.out(`  ${reason}: ${n}`);
    return counts.spool_full ? 1 : 0;
  },
};

function siteNamed(raw: string, sites: readonly Site[]): Site {
  const domain = normalizeDomain(raw);
  const site = sites.find((s) => s.domain === domain);
  if (!site) throw new Error(`no site "${raw}"; add it first: npx inkling site add ${domain ?? raw}`);
  return site;
}
