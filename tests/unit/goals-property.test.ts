// Property: goals (event:goal dimension and filter, conversions, revenue), property keys,
// has_done / has_not_done behaviour filters and funnels answer exactly what the plain reference
// answers, for random small event sets, queries and funnels.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import type { Event } from '../../src/event.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { runQuery } from '../../src/query/runner.ts';
import { runFunnel } from '../../src/query/funnel.ts';
import { createGoal } from '../../src/store/goal-store.ts';
import { seedEvents, seedSite } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { assertGoalQueries, funnelArb, funnelCase, GOAL_SITES, GOALS, goalsNow, queryArb, SITE, worldArb } from '../helpers/goal-cases.ts';
import { outcome } from '../helpers/query-cases.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { referenceQuery } from '../reference/reference.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';

const RUNS = Number(process.env.GOALS_PROPERTY_RUNS ?? 120);

let dir = '';
let db: Db;

before(async () => {
  dir = tmpDir('inkling-goals-property-');
  db = await openDuckDb(path.join(dir, 'goals.duckdb'));
  await seedSite(db, SITE, 'Europe/Berlin');
  for (const g of GOALS) await createGoal(db, SITE, { spec: g, currency: g.name === 'Purchase' ? 'EUR' : null });
});

after(async () => {
  await db.close();
  removeDir(dir);
});

async function load(events: Event[]): Promise<void> {
  await db.run('DELETE FROM events');
  await seedEvents(db, events);
}

test(`goal, property and behaviour queries: SQL equals the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, fc.array(queryArb, { minLength: 1, maxLength: 3 }), async (events, bodies) => {
      await load(events);
      await assertGoalQueries(events, bodies, (query) => runQuery({ db, events: duckdbEventQueries(db), now: goalsNow }, query));
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test(`funnels: SQL equals the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, funnelArb, async (events, f) => {
      await load(events);
      const { q, expected } = funnelCase(events, f);
      assert.deepStrictEqual(await runFunnel({ db, events: duckdbEventQueries(db), now: goalsNow }, q, GOALS), expected, `funnel: ${JSON.stringify(f)}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test('a filter on a goal the site does not have is a 400 naming it, in SQL and reference alike', async () => {
  const query = parseQuery({ site_id: SITE, date_range: 'all', metrics: ['visitors'], filters: [['has_done', ['is', 'event:goal', ['Nope']]]] });
  const expected = { error: 'invalid_query', message: 'filters[0][1][2][0]: the site has no goal named "Nope"' };
  assert.deepStrictEqual(await outcome(() => runQuery({ db, events: duckdbEventQueries(db), now: goalsNow }, query)), expected);
  assert.deepStrictEqual(await outcome(() => referenceQuery([], GOAL_SITES, query, goalsNow())), expected);
});
