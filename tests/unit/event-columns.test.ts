// The column table (src/event-columns.ts) is the one place the event row is spelled out: these
// tests hold everything that is still written by hand, or fixed in history, to its order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Event } from '../../src/event.ts';
import { EVENT_COLUMNS, EVENT_COLUMN_NAMES } from '../../src/event-columns.ts';
import { eventFromLine, eventToLine } from '../../src/store/spool-format.ts';
import { duckDbEventsDdl, EXPORT_SELECT } from '../../src/store/event-sql.ts';
import { duckDbSink } from '../../src/store/event-sink.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { statements } from '../../src/store/migrations/001-init.ts';
import { clickHouseTime, eventRow } from '../../src/store/clickhouse-sink.ts';
import { eventFromRow, rowFromEvent } from '../../src/transfer/event-row.ts';
import { seedEvents, seedSite } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

/** Every field set, and no two text or number fields alike: a swapped pair cannot go unseen. */
function distinctEvent(id: bigint): Event {
  const e: Record<string, unknown> = {};
  EVENT_COLUMNS.forEach((c, i) => {
    e[c.key] = c.kind === 'uint64' ? 10n ** 18n + BigInt(i) : c.kind === 'int' ? i + 1 : c.kind === 'decimal' ? i + 0.25 : c.kind === 'json' ? { [`k${i}`]: `v${i}` } : `text ${c.name}`;
  });
  return { ...(e as unknown as Event), id, ts: Date.UTC(2026, 2, 4, 5, 6, 7, 89), device: 'tablet' };
}

async function storedEvents(db: Db): Promise<Omit<Event, 'id'>[]> {
  const rows = await db.all(`SELECT ${EXPORT_SELECT} FROM events ORDER BY id`);
  // As the admin channel carries them: JSON, 64-bit integers as text.
  const sent = rows.map((row) => JSON.parse(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) as Record<string, unknown>);
  return sent.map((row) => plainProps(eventFromRow({ ...row, props: typeof row.props === 'string' ? JSON.parse(row.props) : null }, String(row.site))));
}

/** eventFromRow keeps props in a null-prototype object; deepEqual compares prototypes. */
function plainProps(e: Omit<Event, 'id'>): Omit<Event, 'id'> {
  return { ...e, props: e.props === null ? null : { ...e.props } };
}

async function describe(run: (sql: string) => Promise<Record<string, unknown>[]>): Promise<string[]> {
  const rows = await run('DESCRIBE events');
  return rows.map((r) => `${r.column_name} ${r.column_type} null=${r.null}`);
}

const withoutId = ({ id: _id, ...rest }: Event): Omit<Event, 'id'> => rest;

test('item 4: the spool line holds each field at its column position, and reads back whole', () => {
  const e = distinctEvent(7n);
  const fields = JSON.parse(eventToLine(e)) as unknown[];
  assert.equal(fields.length, EVENT_COLUMNS.length);
  EVENT_COLUMNS.forEach((c, i) => {
    const value = e[c.key];
    assert.deepEqual(fields[i], typeof value === 'bigint' ? value.toString() : value, `spool position ${i} should hold ${c.name}`);
  });
  assert.deepEqual(eventFromLine(eventToLine(e)), e);
});

test('item 4: the DDL generated from the column table is migration 001 and the table DuckDB has', async () => {
  const migration = statements[2];
  assert.ok(typeof migration === 'object' && migration !== null && 'duckdb' in migration);
  assert.equal(duckDbEventsDdl(), migration.duckdb);
  const dir = tmpDir();
  const db = await openDuckDb(path.join(dir, 'inkling.duckdb'));
  const fresh = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await fresh.run(duckDbEventsDdl());
    const generated = await describe(async (sql) => (await fresh.runAndReadAll(sql)).getRowObjectsJS());
    assert.deepEqual(await describe((sql) => db.all(sql)), generated);
    assert.deepEqual(generated.map((line) => line.split(' ')[0]), EVENT_COLUMN_NAMES);
  } finally {
    fresh.closeSync();
    await db.close();
    removeDir(dir);
  }
});

test('item 4: a spool segment loads into DuckDB and the seeder appends the same row', async () => {
  const dir = tmpDir();
  const db = await openDuckDb(path.join(dir, 'inkling.duckdb'));
  try {
    await seedSite(db, 'text site');
    const file = path.join(dir, 'segment.jsonl');
    fs.writeFileSync(file, eventToLine(distinctEvent(1n)) + '\n');
    assert.equal(await duckDbSink(await db.connect()).storeSegment(file, 1n), 1);
    await seedEvents(db, [distinctEvent(2n)]);
    const expected = withoutId(distinctEvent(1n));
    assert.deepEqual(await storedEvents(db), [expected, expected]);
  } finally {
    await db.close();
    removeDir(dir);
  }
});

test('item 4: the ClickHouse row holds every field under its column, in table order', () => {
  const e = distinctEvent(3n);
  const row = eventRow(e);
  assert.deepEqual(Object.keys(row), EVENT_COLUMN_NAMES);
  for (const c of EVENT_COLUMNS) {
    const value = e[c.key];
    const expected = c.kind === 'uint64' ? String(value) : c.kind === 'time' ? clickHouseTime(value as number) : c.kind === 'decimal' ? (value as number).toFixed(4) : value;
    assert.deepEqual(row[c.name], expected, `ClickHouse column ${c.name}`);
  }
});

test('item 4: the export row names every column in table order and reads back whole', () => {
  const e = distinctEvent(3n);
  assert.deepEqual(Object.keys(rowFromEvent(withoutId(e))), EVENT_COLUMN_NAMES.filter((name) => name !== 'id'));
  assert.deepEqual(plainProps(eventFromRow(rowFromEvent(withoutId(e)), e.site)), withoutId(e));
});
