// `inkling audit`: the data dir (and extra paths) scanned byte by byte, and every database's tables
// by value; the live database through the running server when one holds it.
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../store/app-db.ts';
import type { OpCaller } from '../lib/op-caller.ts';
import { filesUnder, isDuckDbFile, scanFile, type Finding } from './audit-files.ts';
import { readAccountEmails, scanDatabaseFile } from './audit-store.ts';

export interface AuditReport {
  files: number;
  bytes: number;
  databases: number;
  findings: Finding[];
}

/** `server`: the running server's admin session, which scans the live database it holds; null when none runs. */
export async function runAudit(dataDir: string, extra: readonly string[], server: OpCaller | null): Promise<AuditReport> {
  const liveDb = path.join(dataDir, DB_FILE);
  const serving = server !== null;
  const report: AuditReport = { files: 0, bytes: 0, databases: 0, findings: [] };
  const accounts = await accountsOf(liveDb, server);
  if (server) {
    report.findings.push(...(await server.call<Finding[]>('audit.store', { label: liveDb })));
    report.databases++;
  }
  // Regular files only: the admin socket is left out.
  for (const file of filesUnder([dataDir, ...extra])) {
    report.files++;
    report.bytes += fs.statSync(file).size;
    report.findings.push(...scanFile(file, accounts));
    if (isDuckDbFile(file) && !(serving && file === liveDb)) {
      report.findings.push(...(await scanDatabaseFile(file)));
      report.databases++;
    }
  }
  return report;
}

/** The users' own addresses are in the database (and its backups) by design; they are not findings. */
async function accountsOf(liveDb: string, server: OpCaller | null): Promise<Set<string>> {
  if (server) return new Set(await server.call<string[]>('audit.accounts'));
  return fs.existsSync(liveDb) && isDuckDbFile(liveDb) ? readAccountEmails(liveDb) : new Set();
}
