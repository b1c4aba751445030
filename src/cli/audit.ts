// `inkling audit`: exits non-zero when anything in the data dir looks like an IP address, a user agent or an e-mail address.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runAudit } from '../maintenance/audit.ts';
import { serverSession } from '../admin/admin-session.ts';
import type { Command } from './command.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Scan the data dir for IP addresses, user agents or e-mail addresses (exit 1 if any)',
  usage: `inkling audit [--data ./data] [more files or folders, e.g. backups and exports kept elsewhere]
Scans every file byte by byte and every database table by value; findings are shown masked.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { data: { type: 'string' } }, allowPositionals: true });
    const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
    const report = await runAudit(config.dataDir, positionals.map((p) => path.resolve(p)), await serverSession(config.dataDir));
    const scanned = `${report.files} files (${(report.bytes / 1024 / 1024).toFixed(1)} MB) and ${report.databases} databases`;
    if (report.findings.length === 0) {
      io.out(`Clean: no IP address, user agent or e-mail address in ${scanned}.`);
      return 0;
    }
    for (const f of report.findings) io.out(`${f.kind}\t${f.masked}\t${f.where}`);
    io.err(`inkling audit: ${report.findings.length} possible personal data found in ${scanned}; see above.`);
    return 1;
  },
};
