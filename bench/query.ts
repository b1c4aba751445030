// `npm run bench:query` (or `npx tsx bench/query.ts [--events 1000000,10000000] [--runs 3] [--keep DIR]
// [--engine duckdb,chdb]`): builds stores of realistic events (the tests' generator through the
// Appender, then repeated in time by SQL to reach the size), rolls up the finished days as the
// server's background worker does, and times the dashboard's query set for the last 30 days and
// for all time: on DuckDB with its daily rollups, on DuckDB from events alone (one run), and on
// ClickHouse (chdb, in process, loaded from the same events through Parquet) side by side.
// Prints figures; never fails on a time. Targets at 10M: all-time < 1 s, 30 d < 300 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDuckDb, type Db } from '../src/store/duckdb.ts';
import { EVENT_COLUMN_NAMES } from '../src/event-columns.ts';
import { parseQuery } from '../src/query/query-schema.ts';
import { runQuery } from '../src/query/runner.ts';
import { clickhouseEventQueries, duckdbEventQueries, type EventQueries } from '../src/store/event-queries.ts';
import { openChdbWithEvents } from '../tests/helpers/chdb.ts';
import { generateEvents, seedEvents, seedSite } from '../tests/helpers/seed.ts';
import { updateRollups } from '../src/query/rollup/worker.ts';
import { rebuildSpans } from '../src/store/visit-spans.ts';
import { removeDir, tmpDir } from '../tests/helpers/tmp.ts';

const SITE = 'bench.example';
const DAY = 86_400_000;
const SPAN_DAYS = 400;
const BLOCK = 200_000;
const NOW = Date.parse('2026-06-15T12:00:00Z');

/** Every column of a stored event; copy $1 moves ids, visitors and sessions past the block and time by $1 * $2 ms. */
const SHIFT: Readonly<Record<string, string>> = {
  id: 'id + $1 * 1000000000', ts: 'ts + to_milliseconds($1 * $2)', visitor_id: 'visitor_id + $1 * 1000000000000', session_id: 'session_id + $1 * 1000000000',
};
const SHIFTED_COPY = EVENT_COLUMN_NAMES.map((name) => SHIFT[name] ?? name).join(', ');

async function buildStore(db: Db, total: number): Promise<void> {
  await seedSite(db, SITE, 'Europe/Berlin');
  const copies = Math.max(1, Math.round(total / BLOCK));
  const block = Math.min(total, BLOCK);
  const blockDays = SPAN_DAYS / copies;
  const blockStart = NOW - SPAN_DAYS * DAY;
  const t0 = performance.now();
  const appended = await seedEvents(db, generateEvents({ sites: [SITE, 'other.example'], start: blockStart, end: blockStart + blockDays * DAY, count: block, seed: 42 }));
  const t1 = performance.now();
  // The same traffic shifted by whole blocks of time (in time order, as ingestion writes it);
  // ids, visitors and sessions stay unique.
  for (let k = 1; k < copies; k++) {
    await db.run(`INSERT INTO events SELECT ${SHIFTED_COPY} FROM events WHERE id <= $3`, [BigInt(k), BigInt(Math.round(blockDays * DAY)), block]);
  }
  await db.run('CHECKPOINT');
  const rows = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
  console.log(`  store: ${Number(rows[0]!.n).toLocaleString('en')} events (${appended.toLocaleString('en')} appended in ${((t1 - t0) / 1000).toFixed(1)} s, x${copies} by SQL in ${((performance.now() - t1) / 1000).toFixed(1)} s)`);
}

/** Spans for events written around the writer, then every finished day rolled up (as the worker does). */
async function buildRollups(db: Db): Promise<void> {
  const [spans] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM visit_spans');
  if (Number(spans!.n) === 0) for (const site of [SITE, 'other.example']) await rebuildSpans((sql, params) => db.run(sql, params), site);
  const t0 = performance.now();
  const days = await updateRollups(db, await db.connect(), Date.now());
  const [rows] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM rollups');
  if (days > 0) console.log(`  rollups: ${days} site-days rolled up in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Number(rows!.n).toLocaleString('en')} rows; the server does this in the background, a day at a time)`);
}

const BREAKDOWNS: [string, string[]][] = [
  ['event:page', ['visitors', 'pageviews']],
  ['visit:entry_page', ['visitors', 'visits']],
  ['visit:exit_page', ['visitors', 'visits']],
  ['visit:source', ['visitors']],
  ['visit:channel', ['visitors']],
  ['visit:utm_campaign', ['visitors']],
  ['visit:country', ['visitors']],
  ['visit:browser', ['visitors']],
  ['visit:os', ['visitors']],
  ['visit:device', ['visitors']],
];

function dashboard(range: '30d' | 'all'): [string, Record<string, unknown>][] {
  const base = { site_id: SITE, date_range: range };
  return [
    ['aggregate+comparison', { ...base, metrics: ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'], include: { comparisons: { mode: 'previous_period' } } }],
    [`timeseries ${range === '30d' ? 'day' : 'month'}`, { ...base, metrics: ['visitors', 'pageviews'], dimensions: [range === '30d' ? 'time:day' : 'time:month'], include: { time_labels: true } }],
    ...BREAKDOWNS.map(([d, metrics]): [string, Record<string, unknown>] => [d, { ...base, metrics, dimensions: [d], pagination: { limit: 10 } }]),
  ];
}

async function timeSet(db: Db, range: '30d' | 'all', runs: number, events?: EventQueries, rollups = true): Promise<void> {
  const queries = dashboard(range);
  const best = new Map<string, number>();
  const totals: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < runs; run++) {
    let total = 0;
    const cpu = process.cpuUsage();
    for (const [name, body] of queries) {
      const t = performance.now();
      await runQuery({ db, events: events ?? duckdbEventQueries(db), now: () => NOW, rollups }, parseQuery(body));
      const ms = performance.now() - t;
      total += ms;
      best.set(name, Math.min(best.get(name) ?? Infinity, ms));
    }
    totals.push(total);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const detail = [...best].map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ');
  // CPU time (all engine threads) is printed too: on a shared machine wall time includes waiting.
  const engine = events ? 'chdb           ' : rollups ? 'duckdb rollups ' : 'duckdb events  ';
  console.log(`  ${engine} ${range === '30d' ? 'last 30 days' : 'all time    '}: set ${Math.min(...totals).toFixed(0)} ms best, ${totals[0]!.toFixed(0)} ms first run, ${Math.min(...cpus).toFixed(0)} ms CPU (${queries.length} queries)`);
  console.log(`    per query best ms: ${detail}`);
}

/** The same events in an in-process ClickHouse built from the production DDL, then the same query set. */
async function timeChdb(db: Db, dir: string, runs: number): Promise<void> {
  const parquet = path.join(dir, 'events.parquet');
  const t0 = performance.now();
  await db.run(`COPY events TO '${parquet}' (FORMAT parquet)`);
  const ch = await openChdbWithEvents(path.join(dir, 'chdb'));
  try {
    await ch.command('TRUNCATE TABLE events');
    // Same column order as the DDL; a NULL props map becomes the empty map (input_format_null_as_default).
    await ch.command(`INSERT INTO events SELECT * FROM file('${parquet}', Parquet)`);
    await ch.command('OPTIMIZE TABLE events FINAL');
    const [row] = await ch.query<{ n: string }>('SELECT count() AS n FROM events');
    console.log(`  chdb store: ${Number(row!.n).toLocaleString('en')} events loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const events = clickhouseEventQueries(ch);
    await timeSet(db, '30d', runs, events);
    await timeSet(db, 'all', runs, events);
  } finally {
    await ch.close();
    fs.rmSync(parquet, { force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '1000000,10000000' }, runs: { type: 'string', default: '3' }, keep: { type: 'string' }, engine: { type: 'string', default: 'duckdb,chdb' } },
  });
  const engines = values.engine.split(',');
  if (engines.some((e) => e !== 'duckdb' && e !== 'chdb')) throw new Error('--engine takes duckdb, chdb or both (duckdb,chdb)');
  const sizes = values.events.split(',').map(Number).filter((n) => n > 0);
  for (const size of sizes) {
    // --keep DIR keeps (and reuses) one store per size there, for repeated runs.
    const dir = values.keep ? path.resolve(values.keep) : tmpDir('inkling-bench-query-');
    const file = path.join(dir, `bench-${size}.duckdb`);
    const reuse = values.keep !== undefined && fs.existsSync(file);
    fs.mkdirSync(dir, { recursive: true });
    const db = await openDuckDb(file);
    try {
      console.log(`${size.toLocaleString('en')} events (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs)`);
      if (!reuse) await buildStore(db, size);
      await buildRollups(db);
      if (engines.includes('duckdb')) {
        for (const range of ['30d', 'all'] as const) await timeSet(db, range, Number(values.runs));
        for (const range of ['30d', 'all'] as const) await timeSet(db, range, 1, undefined, false);
      }
      if (engines.includes('chdb')) await timeChdb(db, dir, Number(values.runs));
      console.log(`  RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    } finally {
      await db.close();
      if (!values.keep) removeDir(dir);
    }
  }
}

await main();
