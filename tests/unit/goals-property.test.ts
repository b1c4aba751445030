// Property: goals (event:goal dimension and filter, conversions, revenue), property keys,
// has_done / has_not_done behaviour filters and funnels answer exactly what the plain reference
// answers, for random small event sets, queries and funnels.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import type { Event } from '../../src/event.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { referenceQuery } from '../reference/reference.ts';
import { presentFunnel, runFunnel, type FunnelQuery } from '../../src/query/funnel.ts';
import { referenceFunnelCounts } from '../reference/reference-funnel.ts';
import { resolveDateRange } from '../../src/query/date-range.ts';
import { createGoal } from '../../src/store/goal-store.ts';
import { seedEvents, seedSite } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { outcome } from '../helpers/query-cases.ts';
import { ANCHOR, funnelArb, GOALS, queryArb, SITE, worldArb } from '../helpers/goal-cases.ts';
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

const now = () => ANCHOR + 86_400_000;
const sites = [{ domain: SITE, tz: 'Europe/Berlin', goals: GOALS }];

test(`goal, property and behaviour queries: SQL equals the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, fc.array(queryArb, { minLength: 1, maxLength: 3 }), async (events, bodies) => {
      await load(events);
      for (const body of bodies) {
        const parsed = await outcome(() => parseQuery(body));
        if (!('ok' in (parsed as object))) continue;
        const query = parseQuery(body);
        const fromSql = await outcome(() => runQuery({ db, events: duckdbEventQueries(db), now }, query));
        const fromReference = await outcome(() => referenceQuery(events, sites, query, now()));
        assert.deepStrictEqual(fromSql, fromReference, `query: ${JSON.stringify(body)}`);
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test(`funnels: SQL equals the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, funnelArb, async (events, f) => {
      await load(events);
      const filters = parseQuery({ site_id: SITE, date_range: 'all', metrics: ['visitors'], filters: f.filters }).filters;
      const q: FunnelQuery = { site: SITE, dateRange: f.range as FunnelQuery['dateRange'], date: null, filters, steps: f.steps, windowSeconds: f.windowSeconds };
      const fromSql = await runFunnel({ db, events: duckdbEventQueries(db), now }, q, GOALS);
      const firstMs = events.length ? Math.min(...events.map((e) => e.ts)) : null;
      const range = resolveDateRange(q.dateRange, { tz: 'Europe/Berlin', now: now(), date: null, firstEventMs: firstMs });
      const counts = referenceFunnelCounts(events, q, { tz: 'Europe/Berlin', goals: GOALS }, range);
      assert.deepStrictEqual(fromSql, presentFunnel(q, counts, range, []), `funnel: ${JSON.stringify(f)}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test('a filter on a goal the site does not have is a 400 naming it, in SQL and reference alike', async () => {
  const query = parseQuery({ site_id: SITE, date_range: 'all', metrics: ['visitors'], filters: [['has_done', ['is', 'event:goal', ['Nope']]]] });
  const expected = { error: 'invalid_query', message: 'filters[0][1][2][0]: the site has no goal named "Nope"' };
  assert.deepStrictEqual(await outcome(() => runQuery({ db, events: duckdbEventQueries(db), now }, query)), expected);
  assert.deepStrictEqual(await outcome(() => referenceQuery([], sites, query, now())), expected);
});
