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
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { referenceQuery } from '../reference/reference.ts';
import { presentFunnel, runFunnel, type FunnelQuery } from '../../src/query/funnel.ts';
import { referenceFunnelCounts } from '../reference/reference-funnel.ts';
import { resolveDateRange } from '../../src/query/date-range.ts';
import { createGoal } from '../../src/store/goal-store.ts';
import { clickhouseEventQueries } from '../../src/store/event-queries.ts';
import { openChdbWithEvents } from '../helpers/chdb.ts';
import { ANCHOR, funnelArb, GOALS, queryArb, SITE, worldArb } from '../helpers/goal-cases.ts';
import { outcome } from '../helpers/query-cases.ts';
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

const now = () => ANCHOR + 86_400_000;
const sites = [{ domain: SITE, tz: 'Europe/Berlin', goals: GOALS }];

test(`ClickHouse goal, property and behaviour queries equal the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, fc.array(queryArb, { minLength: 1, maxLength: 3 }), async (events, bodies) => {
      await load(events);
      for (const body of bodies) {
        const parsed = await outcome(() => parseQuery(body));
        if (!('ok' in (parsed as object))) continue;
        const query = parseQuery(body);
        const fromClickHouse = await outcome(() => runQuery({ db, events: clickhouseEventQueries(ch), now }, query));
        assert.deepStrictEqual(fromClickHouse, await outcome(() => referenceQuery(events, sites, query, now())), `query: ${JSON.stringify(body)}`);
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test(`ClickHouse funnels (2 to 4 steps) equal the reference (${RUNS} cases)`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, funnelArb, async (events, f) => {
      await load(events);
      const filters = parseQuery({ site_id: SITE, date_range: 'all', metrics: ['visitors'], filters: f.filters }).filters;
      const q: FunnelQuery = { site: SITE, dateRange: f.range as FunnelQuery['dateRange'], date: null, filters, steps: f.steps, windowSeconds: f.windowSeconds };
      const fromClickHouse = await runFunnel({ db, events: clickhouseEventQueries(ch), now }, q, GOALS);
      const firstMs = events.length ? Math.min(...events.map((e) => e.ts)) : null;
      const range = resolveDateRange(q.dateRange, { tz: 'Europe/Berlin', now: now(), date: null, firstEventMs: firstMs });
      const counts = referenceFunnelCounts(events, q, { tz: 'Europe/Berlin', goals: GOALS }, range);
      assert.deepStrictEqual(fromClickHouse, presentFunnel(q, counts, range, []), `funnel: ${JSON.stringify(f)}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});
