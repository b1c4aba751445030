// `inkling audit`: the data dir (and extra paths) scanned byte by byte, and every database's tables
// by value; the live database through the running server when one holds it.
import fs from 'node:fs';
import path from 'node:path';
import { callAdmin, isServing, socketPath } from '../admin/channel.ts';
import { DB_FILE } from '../admin/client.ts';
import { filesUnder, isDuckDbFile, scanFile, type Finding } from './audit-files.ts';
import { readAccountEmails, scanDatabaseFile } from './audit-store.ts';

export interface AuditReport {
  files: number;
  bytes: number;
  databases: number;
  findings: Finding[];
}

export async function runAudit(dataDir: string, extra: readonly string[]): Promise<AuditReport> {
  const liveDb = path.join(dataDir, DB_FILE);
  const serving = await isServing(socketPath(dataDir));
  const report: AuditReport = { files: 0, bytes: 0, databases: 0, findings: [] };
  const accounts = await accountsOf(liveDb, serving, dataDir);
  if (serving) {
    report.findings.push(...((await callAdmin(dataDir, 'audit.store', { label: liveDb })) as Finding[]));
    report.databases++;
  }
  for (const file of filesUnder([dataDir, ...extra])) {
    if (file === socketPath(dataDir)) continue;
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
async function accountsOf(liveDb: string, serving: boolean, dataDir: string): Promise<Set<string>> {
  if (serving) return new Set((await callAdmin(dataDir, 'audit.accounts', {})) as string[]);
  return fs.existsSync(liveDb) && isDuckDbFile(liveDb) ? readAccountEmails(liveDb) : new Set();
}
