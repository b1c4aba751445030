// Goals, property keys, behaviour filters and funnels on ClickHouse (chdb) beside DuckDB: for
// random worlds both engines answer exactly what the reference answers (the DuckDB side alone is
// tests/unit/goals-property.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import type { Event } from '../../src/event.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import type { ClickHouseConnection } from '../../src/store/clickhouse.ts';
import { eventRow } from '../../src/store/clickhouse-sink.ts';
import { runQuery } from '../../src/query/runner.ts';
import { runFunnel } from '../../src/query/funnel.ts';
import { createGoal } from '../../src/store/goal-store.ts';
import { clickhouseEventQueries } from '../../src/store/event-queries.ts';
import { openChdbWithEvents } from '../helpers/chdb.ts';
import { assertGoalQueries, funnelArb, funnelCase, GOALS, goalsNow, queryArb, SITE, worldArb } from '../helpers/goal-cases.ts';
import { seedSite } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const RUNS = Number(process.env.GOALS_EQUIVALENCE_RUNS ?? 60);
let dir = '';
let db: Db;
let ch: ClickHouseConnection;

before(async () => {
  dir = tmpDir('inkling-clickhouse-goals-');
  db = await openDuckDb(path.join(dir, 'goals.duckdb'));
  ch = await openChdbWithEvents(path.join(dir, 'chdb'));
  await seedSite(db, SITE, 'Europe/Berlin');
  for (const g of GOALS) await createGoal(db, SITE, { spec: g, currency: g.name === 'Purchase' ? 'EUR' : null });
});

after(async () => {
  await ch.close();
  await db.close();
  removeDir(dir);
});

async function load(events: Event[]): Promise<void> {
  await ch.command('TRUNCATE TABLE events');
  await ch.insertRows('events', events.map(eventRow));
}

test(`ClickHouse goal, property and behaviour queries equal the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, fc.array(queryArb, { minLength: 1, maxLength: 3 }), async (events, bodies) => {
      await load(events);
      await assertGoalQueries(events, bodies, (query) => runQuery({ db, events: clickhouseEventQueries(ch), now: goalsNow }, query));
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test(`ClickHouse funnels (2 to 4 steps) equal the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, funnelArb, async (events, f) => {
      await load(events);
      const { q, expected } = funnelCase(events, f);
      assert.deepStrictEqual(await runFunnel({ db, events: clickhouseEventQueries(ch), now: goalsNow }, q, GOALS), expected, `funnel: ${JSON.stringify(f)}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});
