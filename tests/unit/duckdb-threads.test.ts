// DuckDB's thread count follows the reads: one thread at rest (ingestion's small statements),
// every core from the start of a read until a moment after the last one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { ThreadGovernor } from '../../src/store/duckdb-threads.ts';

const IDLE_MS = 100;

test('ThreadGovernor: one thread at rest, all during reads and shortly after, one again once idle', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const threads = async () => Number((await connection.runAndReadAll(`SELECT current_setting('threads')::INTEGER`)).getRowsJS()[0]![0]);
  try {
    const all = await threads();
    const governor = await ThreadGovernor.start(connection, IDLE_MS);
    assert.equal(await threads(), 1, 'at rest');

    // Overlapping reads: all threads throughout, the second read ending after the first.
    const seen: number[] = [];
    let release!: () => void;
    const slow = governor.during(() => new Promise<void>((resolve) => (release = resolve)));
    await governor.during(async () => seen.push(await threads()));
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2));
    seen.push(await threads());
    release();
    await slow;
    assert.deepEqual(seen, [all, all], 'all threads while any read is in flight');

    assert.equal(await threads(), all, 'still all right after the last read');
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 3));
    assert.equal(await threads(), 1, 'one again once idle');

    // A read that fails still counts as ended.
    await assert.rejects(governor.during(() => Promise.reject(new Error('boom'))), /boom/);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 3));
    assert.equal(await threads(), 1);
    await governor.stop();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});
