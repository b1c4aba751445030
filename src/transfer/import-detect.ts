// Tells what a file to import is: our own export (CSV or JSONL), Plausible's CSV export, or an access log.
import fs from 'node:fs';
import { plausibleTableOf } from './plausible-read.ts';

export const IMPORT_FORMATS = ['inkling-csv', 'inkling-jsonl', 'plausible', 'combined', 'caddy'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function detectFormat(file: string): ImportFormat {
  if (!fs.existsSync(file)) throw new Error(`no such file or directory: ${file}`);
  if (fs.statSync(file).isDirectory() || file.toLowerCase().endsWith('.zip') || plausibleTableOf(file) !== null) return 'plausible';
  const first = firstLine(file);
  const json = parseObject(first);
  if (json !== null && typeof json.request === 'object') return 'caddy';
  if (json !== null && 'visitor_id' in json) return 'inkling-jsonl';
  if (/^\uFEFF?id,ts,site,name,visitor_id/.test(first)) return 'inkling-csv';
  if (/^\S+ \S+ \S+ \[[^\]]+\] "/.test(first)) return 'combined';
  throw new Error(`cannot tell the format of ${file}; pass --format (${IMPORT_FORMATS.join(', ')})`);
}

function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, n).split('\n', 1)[0]!.trim();
  } finally {
    fs.closeSync(fd);
  }
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
