// Property: with daily rollups built, queries answer exactly what the plain-TypeScript reference
// answers over the raw events. Worlds use daily visitor ids (as ingestion's salts make them), so
// most past days are built; some worlds reuse ids across days, whose days must stay unbuilt.
// Ranges cut days at local midnights, visits cross UTC midnight and range edges, zones have DST.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import type { Event } from '../../src/event.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { referenceQuery } from '../reference/reference.ts';
import { updateRollups } from '../../src/query/rollup/worker.ts';
import { rebuildSpans } from '../../src/store/visit-spans.ts';
import { ANCHORS, SITES, ZONES, loadWorld, outcome, type World } from '../helpers/query-cases.ts';
import { makeEvent } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';

const RUNS = Number(process.env.ROLLUP_PROPERTY_RUNS ?? 100);
const DAY = 86_400_000;
const MIN = 60_000;
let dir = '';
let db: Db;
let conn: DuckDBConnection;

before(async () => {
  dir = tmpDir('inkling-rollup-property-');
  db = await openDuckDb(path.join(dir, 'rollup.duckdb'));
  conn = await db.connect();
});

after(async () => {
  await db.close();
  removeDir(dir);
});

const sessionArb = fc.record({
  site: fc.integer({ min: 0, max: 1 }),
  person: fc.integer({ min: 1, max: 4 }),
  startMin: fc.integer({ min: -8 * 24 * 60, max: 2 * 24 * 60 }),
  events: fc.array(
    fc.record({
      gapMs: fc.integer({ min: 0, max: 29 * MIN }),
      name: fc.constantFrom('pageview', 'pageview', 'pageview', 'engagement', 'Signup'),
      page: fc.constantFrom('/', '/a', '/b', null),
      source: fc.constantFrom('Google', 'Twitter', null),
      country: fc.constantFrom('DE', 'US', null),
      device: fc.constantFrom('desktop', 'mobile'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

/** Visitor ids are per person and UTC day of the visit's start, unless `shared` (then per person). */
const worldArb: fc.Arbitrary<World> = fc
  .record({ anchor: fc.constantFrom(...ANCHORS), zones: fc.tuple(...SITES.map(() => fc.constantFrom(...ZONES))), shared: fc.constantFrom(false, false, false, true), sessions: fc.array(sessionArb, { maxLength: 24 }) })
  .map(({ anchor, zones, shared, sessions }) => {
    const events: Event[] = [];
    sessions.forEach((s, i) => {
      let ts = anchor + s.startMin * MIN;
      const visitorId = BigInt(s.person) * 100_000n + (shared ? 0n : BigInt(Math.floor(ts / DAY)));
      for (const e of s.events) {
        ts += e.gapMs;
        events.push(makeEvent({
          id: BigInt(events.length + 1), ts, site: SITES[s.site]!, name: e.name, visitorId, sessionId: BigInt(i + 1),
          hostname: SITES[s.site]!, pathname: e.page, source: e.source, country: e.country, device: e.device,
        }));
      }
    });
    events.sort((a, b) => a.ts - b.ts || Number(a.id - b.id));
    return { anchor, sites: SITES.map((domain, i) => ({ domain, tz: zones[i]! })), events };
  });

const DIMENSIONS = ['event:page', 'event:name', 'event:hostname', 'visit:source', 'visit:entry_page', 'visit:exit_page', 'visit:country', 'visit:device', 'time:day', 'time:week', 'time:month'];
const METRICS = ['visitors', 'visits', 'pageviews', 'events', 'views_per_visit', 'bounce_rate', 'visit_duration', 'percentage'];

function queryArb(w: World) {
  const day = (n: number) => new Date(w.anchor + n * DAY).toISOString().slice(0, 10);
  return fc.record({
    site: fc.constantFrom(...SITES.slice(0, 2)),
    range: fc.oneof(fc.constantFrom('7d', '28d', 'month', 'all'), fc.tuple(fc.integer({ min: -9, max: -3 }).map(day), fc.integer({ min: -2, max: 2 }).map(day))),
    metrics: fc.uniqueArray(fc.constantFrom(...METRICS), { minLength: 1, maxLength: 3 }),
    dimension: fc.option(fc.constantFrom(...DIMENSIONS), { nil: null }),
    comparison: fc.boolean(),
    totalRows: fc.boolean(),
    limit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    nowDays: fc.integer({ min: 0, max: 3 }),
  }).map((r) => ({
    now: w.anchor + r.nowDays * DAY + 6 * 3_600_000,
    body: {
      site_id: r.site, date_range: r.range, metrics: r.metrics, dimensions: r.dimension ? [r.dimension] : [],
      include: { total_rows: r.totalRows, ...(r.comparison ? { comparisons: { mode: 'previous_period' } } : {}) },
      pagination: r.limit === undefined ? {} : { limit: r.limit },
    },
  }));
}

/** The store, recording how many statements read rollups. */
function spying(inner: Db, seen: { rollups: number }): Db {
  return {
    ...inner,
    connection: inner.connection,
    connect: () => inner.connect(),
    close: () => inner.close(),
    run: (sql, params) => inner.run(sql, params),
    all(sql, params) {
      if (sql.includes('FROM rollups')) seen.rollups++;
      return inner.all(sql, params);
    },
    read(sql, params) {
      if (sql.includes('FROM rollups')) seen.rollups++;
      return inner.read(sql, params);
    },
  };
}

test(`with rollups built, results equal the reference implementation (${RUNS} random cases)`, { timeout: 600_000 }, async () => {
  const seen = { rollups: 0, queries: 0, builtDays: 0 };
  const spy = spying(db, seen);
  const caseArb = worldArb.chain((w) => fc.tuple(fc.constant(w), fc.array(queryArb(w), { minLength: 1, maxLength: 4 })));
  await fc.assert(
    fc.asyncProperty(caseArb, async ([world, queries]) => {
      await loadWorld(db, world);
      for (const site of SITES) await rebuildSpans((sql, params) => db.run(sql, params), site);
      await updateRollups(db, conn, world.anchor + 8 * DAY);
      const [built] = await db.all<{ n: bigint }>(`SELECT count(*) AS n FROM rollup_days WHERE state = 'built' AND max_end IS NOT NULL`);
      seen.builtDays += Number(built?.n ?? 0);
      for (const { body, now } of queries) {
        seen.queries++;
        const query = parseQuery(body);
        const fromSql = await outcome(() => runQuery({ db: spy, events: duckdbEventQueries(spy), now: () => now }, query));
        const fromReference = await outcome(() => referenceQuery(world.events, world.sites, query, now));
        assert.deepStrictEqual(fromSql, fromReference, `query: ${JSON.stringify(body)} now=${new Date(now).toISOString()}`);
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  // The property is only worth something if rollups were really used.
  assert.ok(seen.builtDays > RUNS, `days with visits built: ${seen.builtDays}`);
  assert.ok(seen.rollups > seen.queries / 4, `statements through rollups: ${seen.rollups} of ${seen.queries} queries`);
});
