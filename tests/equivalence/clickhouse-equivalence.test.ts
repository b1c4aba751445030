// Cross-engine equivalence: the stats property test's random worlds and queries run on DuckDB and
// on a real ClickHouse engine in process (chdb, built from the production DDL, filled through the
// production sink), and both must answer exactly what the plain-TypeScript reference answers.
// Its own tier (tests/equivalence) so its cost shows; EQUIVALENCE_RUNS sets the number of cases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import type { ClickHouseConnection } from '../../src/store/clickhouse.ts';
import { eventRow } from '../../src/store/clickhouse-sink.ts';
import { clickhouseEventQueries, duckdbEventQueries, type EventQueries } from '../../src/store/event-queries.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { referenceQuery } from '../reference/reference.ts';
import { openChdbWithEvents } from '../helpers/chdb.ts';
import { loadWorld, outcome, queryArb, worldArb, type World } from '../helpers/query-cases.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const RUNS = Number(process.env.EQUIVALENCE_RUNS ?? 100);

let dir = '';
let db: Db;
let ch: ClickHouseConnection;
let events: EventQueries;

before(async () => {
  dir = tmpDir('inkling-equivalence-');
  db = await openDuckDb(path.join(dir, 'equivalence.duckdb'));
  ch = await openChdbWithEvents(path.join(dir, 'chdb'));
  events = clickhouseEventQueries(ch);
});

after(async () => {
  await ch.close();
  await db.close();
  removeDir(dir);
});

async function load(w: World): Promise<void> {
  await loadWorld(db, w);
  await ch.command('TRUNCATE TABLE events');
  await ch.insertRows('events', w.events.map(eventRow));
}

test(`ClickHouse (chdb) and DuckDB both equal the reference (${RUNS} random cases)`, { timeout: 900_000 }, async () => {
  const caseArb = worldArb.chain((w) => fc.tuple(fc.constant(w), fc.array(queryArb(w), { minLength: 1, maxLength: 3 })));
  await fc.assert(
    fc.asyncProperty(caseArb, async ([world, queries]) => {
      await load(world);
      for (const { body, now } of queries) {
        const query = parseQuery(body);
        const context = `query: ${JSON.stringify(body)} now=${new Date(now).toISOString()}`;
        const fromReference = await outcome(() => referenceQuery(world.events, world.sites, query, now));
        const fromClickHouse = await outcome(() => runQuery({ db, events, now: () => now }, query));
        assert.deepStrictEqual(fromClickHouse, fromReference, `ClickHouse differs; ${context}`);
        const fromDuckDb = await outcome(() => runQuery({ db, events: duckdbEventQueries(db), now: () => now }, query));
        assert.deepStrictEqual(fromDuckDb, fromReference, `DuckDB differs; ${context}`);
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});
