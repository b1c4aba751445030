// The import flows: read a file in batches and hand them to the admin operations. Our own export
// and Plausible's aggregates arrive as finished events; access-log lines go through the pipeline.
import fs from 'node:fs';
import readline from 'node:readline';
import type { OpCaller } from '../lib/op-caller.ts';
import type { Progress } from '../lib/progress.ts';
import type { ImportFormat } from './import-detect.ts';
import { parseCsvObjects, unneutralise } from '../lib/csv.ts';
import { parseCaddyLine, parseCombinedLine, type LogHit } from './access-log.ts';
import { readPlausibleExport } from './plausible-read.ts';
import { plausibleEvents, type ImportSite } from './plausible-events.ts';
import { createReferrerClassifier } from '../ingest/enrich/referrer.ts';
import { rowFromEvent } from './event-row.ts';

const BATCH = 2_000;

/** Events imported, and each reason others were not, by name (the import operations' answer). */
export type Counts = Record<string, number>;

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  /** The site to import into; our own export may leave it out (each row names its site). */
  site: ImportSite | null;
  /** Passed to the import pipeline (access logs), as the server would use them. */
  geoipFile: string | null;
  spamReferrersFile: string | null;
  rateLimit: string;
  progress(total: number, unit: string): Progress;
}

export async function runImport(session: OpCaller, o: ImportOptions): Promise<Counts> {
  switch (o.format) {
    case 'inkling-csv':
    case 'inkling-jsonl':
      return importOwnExport(session, o);
    case 'plausible':
      return importPlausible(session, o);
    case 'combined':
    case 'caddy':
      return importAccessLog(session, o);
  }
}

async function importOwnExport(session: OpCaller, o: ImportOptions): Promise<Counts> {
  const counts: Counts = {};
  const { text, bytes, total } = readText(o.file);
  const bar = o.progress(total, 'bytes');
  // The CSV parser reads the text itself: a line reader would also break lines at a lone CR,
  // which a quoted field may hold.
  const records = o.format === 'inkling-csv' ? csvRecords(text) : jsonRecords(linesOf(text), counts);
  let batch: Array<Record<string, unknown>> = [];
  let batchSite = '';
  const send = async () => {
    if (batch.length > 0) add(counts, await session.call<Counts>('import.events', { site: batchSite, rows: batch }));
    batch = [];
    bar.update(bytes());
  };
  for await (const row of records) {
    const site = o.site?.domain ?? String(row.site ?? '');
    if (site !== batchSite || batch.length >= BATCH) await send();
    batchSite = site;
    batch.push(row);
  }
  await send();
  bar.finish(total);
  return counts;
}

async function importPlausible(session: OpCaller, o: ImportOptions): Promise<Counts> {
  if (o.site === null) throw new Error('a Plausible export does not name its site: pass --site <domain>');
  const counts: Counts = {};
  const events = plausibleEvents(await readPlausibleExport(o.file), o.site, createReferrerClassifier());
  const bar = o.progress(0, 'events');
  let batch: Array<Record<string, unknown>> = [];
  let done = 0;
  for (const event of events) {
    batch.push(rowFromEvent(event));
    if (batch.length >= BATCH) {
      add(counts, await session.call<Counts>('import.events', { site: o.site.domain, rows: batch }));
      done += batch.length;
      batch = [];
      bar.update(done);
    }
  }
  if (batch.length > 0) add(counts, await session.call<Counts>('import.events', { site: o.site.domain, rows: batch }));
  bar.finish(done + batch.length);
  return counts;
}

async function importAccessLog(session: OpCaller, o: ImportOptions): Promise<Counts> {
  if (o.format === 'combined' && o.site === null) throw new Error('an nginx/Apache log does not name its site: pass --site <domain>');
  const counts: Counts = {};
  const { importId } = await session.call<{ importId: string }>('import.start', { geoipFile: o.geoipFile, spamReferrersFile: o.spamReferrersFile, rateLimit: o.rateLimit });
  const { text, bytes, total } = readText(o.file);
  const lines = linesOf(text);
  const bar = o.progress(total, 'bytes');
  let batch: LogHit[] = [];
  const send = async () => {
    if (batch.length > 0) add(counts, await session.call<Counts>('import.hits', { importId, hits: batch }));
    batch = [];
    bar.update(bytes());
  };
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const parsed = o.format === 'combined' ? parseCombinedLine(line, o.site!.domain) : parseCaddyLine(line, o.site?.domain ?? null);
      if ('skip' in parsed) add(counts, { [`skipped: ${parsed.skip}`]: 1 });
      else batch.push(parsed);
      if (batch.length >= BATCH) await send();
    }
    await send();
  } finally {
    await session.call('import.end', { importId });
  }
  bar.finish(total);
  return counts;
}

/** A file's text, with how many bytes have been read so far (for progress). */
function readText(file: string): { text: fs.ReadStream; bytes: () => number; total: number } {
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  return { text: stream, bytes: () => stream.bytesRead, total: fs.statSync(file).size };
}

function linesOf(text: fs.ReadStream): AsyncIterable<string> {
  return readline.createInterface({ input: text, crlfDelay: Infinity });
}

/** Our CSV export's rows, with the apostrophe it puts before formula-like text taken off again. */
async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<Record<string, string>> {
  for await (const row of parseCsvObjects(text)) {
    for (const key of Object.keys(row)) row[key] = unneutralise(row[key]!);
    yield row;
  }
}

async function* jsonRecords(lines: AsyncIterable<string>, counts: Counts): AsyncGenerator<Record<string, unknown>> {
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) yield value as Record<string, unknown>;
      else add(counts, { 'invalid row: not a JSON object': 1 });
    } catch {
      add(counts, { 'invalid row: not JSON': 1 });
    }
  }
}

function add(into: Counts, counts: Counts): void {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
}
