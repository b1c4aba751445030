// The privacy audit's file side: walks the data dir (and any extra paths) and scans every byte of
// every file (database, WAL, spool, logs, backups, exports) for personal data.
import fs from 'node:fs';
import path from 'node:path';
import { findPersonalData, type FindingKind } from './audit-patterns.ts';

export interface Finding {
  /** A file path, or "file: table.column" for a database value. */
  where: string;
  kind: FindingKind;
  masked: string;
}

const CHUNK = 1024 * 1024;
/** Long enough for any match to be seen whole in one of two neighbouring windows. */
const OVERLAP = 1024;
const MAX_PER_FILE = 20;

export function filesUnder(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory()) for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    else if (stat?.isFile()) files.push(p);
  };
  for (const p of paths) walk(p);
  return files;
}

/** Scans the raw bytes (as latin1, so binary stays one char per byte) in overlapping windows. */
export function scanFile(file: string, accounts: ReadonlySet<string> = new Set()): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<number>();
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK + OVERLAP);
    for (let position = 0; findings.length < MAX_PER_FILE; position += CHUNK) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      for (const match of findPersonalData(buffer.toString('latin1', 0, n), accounts)) {
        const at = position + match.index;
        if (seen.has(at) || findings.length >= MAX_PER_FILE) continue;
        seen.add(at);
        findings.push({ where: `${file} @${at}`, kind: match.kind, masked: match.masked });
      }
      if (n < buffer.length) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  return findings;
}

/** DuckDB files start with a checksum and then the magic "DUCK". */
export function isDuckDbFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(12);
    return fs.readSync(fd, head, 0, 12, 0) === 12 && head.toString('latin1', 8, 12) === 'DUCK';
  } finally {
    fs.closeSync(fd);
  }
}
