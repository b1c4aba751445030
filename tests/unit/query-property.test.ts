// Property: for random small event sets and random queries, the SQL engine answers exactly what
// the plain-TypeScript reference answers (results, meta, comparisons, pagination, errors).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { referenceQuery } from '../reference/reference.ts';
import { loadWorld, outcome, queryArb, worldArb } from '../helpers/query-cases.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';

const RUNS = Number(process.env.QUERY_PROPERTY_RUNS ?? 200);
let dir = '';
let db: Db;

before(async () => {
  dir = tmpDir('inkling-query-property-');
  db = await openDuckDb(path.join(dir, 'property.duckdb'));
});

after(async () => {
  await db.close();
  removeDir(dir);
});

test(`SQL results equal the reference implementation (${RUNS} random cases)`, { timeout: 600_000 }, async () => {
  const caseArb = worldArb.chain((w) => fc.tuple(fc.constant(w), fc.array(queryArb(w), { minLength: 1, maxLength: 3 })));
  await fc.assert(
    fc.asyncProperty(caseArb, async ([world, queries]) => {
      await loadWorld(db, world);
      for (const { body, now } of queries) {
        const query = parseQuery(body);
        const fromSql = await outcome(() => runQuery({ db, events: duckdbEventQueries(db), now: () => now }, query));
        const fromReference = await outcome(() => referenceQuery(world.events, world.sites, query, now));
        assert.deepStrictEqual(fromSql, fromReference, `query: ${JSON.stringify(body)} now=${new Date(now).toISOString()}`);
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});
