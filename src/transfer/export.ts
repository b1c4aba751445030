// Streams a site's events, page by page, to CSV (header + one row per event) or JSONL (one object per line).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { OpCaller } from '../lib/op-caller.ts';
import type { Progress } from '../lib/progress.ts';
import { formatCsvRow } from '../lib/csv.ts';
import { EXPORT_COLUMNS } from './event-row.ts';

export type ExportFormat = 'csv' | 'jsonl';
const PAGE = 5_000;

export async function exportEvents(session: OpCaller, site: string, format: ExportFormat, out: Writable, progress: (total: number) => Progress): Promise<number> {
  const total = await session.call<number>('events.count', { site });
  const bar = progress(total);
  if (format === 'csv') await write(out, formatCsvRow(EXPORT_COLUMNS) + '\n');
  let afterId = '0';
  let done = 0;
  for (;;) {
    const rows = await session.call<Array<Record<string, unknown>>>('events.page', { site, afterId, limit: PAGE });
    if (rows.length === 0) break;
    let text = '';
    for (const row of rows) text += (format === 'csv' ? csvLine(row) : JSON.stringify(row)) + '\n';
    await write(out, text);
    afterId = String(rows[rows.length - 1]!.id);
    done += rows.length;
    bar.update(done);
  }
  bar.finish(done);
  return done;
}

function csvLine(row: Record<string, unknown>): string {
  return formatCsvRow(EXPORT_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null || value === undefined) return null;
    return typeof value === 'object' ? JSON.stringify(value) : (value as string | number);
  }));
}

/** Respects back-pressure, so a slow pipe never makes the export hold the whole site in memory. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
