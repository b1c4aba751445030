// Golden SQL: every change to generated SQL shows up in review as a diff of tests/golden/sql.
// Regenerate with UPDATE_GOLDEN=1 npm test (or npx tsx --test tests/unit/query-golden.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseQuery } from '../../src/query/query-schema.ts';
import { sqlQuery } from '../../src/query/runner.ts';
import { buildCountSql, buildSql } from '../../src/query/sql/build.ts';
import { duckdbDialect } from '../../src/query/sql/duckdb.ts';
import { duckDbEventsDdl, LOAD_SELECT } from '../../src/store/event-sql.ts';
import { eventsDdl } from '../../src/store/clickhouse-ddl.ts';

const DIR = path.resolve(import.meta.dirname, '../golden/sql');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const RANGE = { start: Date.parse('2026-03-01T00:00:00Z'), end: Date.parse('2026-03-31T00:00:00Z'), dates: null };

const CASES: Record<string, Record<string, unknown>> = {
  'aggregate-dashboard': { metrics: ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'] },
  'aggregate-events-revenue': { metrics: ['events', 'total_revenue', 'average_revenue'] },
  'timeseries-day': { metrics: ['visitors', 'visits', 'pageviews'], dimensions: ['time:day'] },
  'timeseries-hour-visits': { metrics: ['visits', 'bounce_rate'], dimensions: ['time:hour'] },
  'breakdown-pages': { metrics: ['visitors', 'pageviews', 'bounce_rate', 'time_on_page', 'scroll_depth'], dimensions: ['event:page'], pagination: { limit: 10, offset: 20 } },
  'breakdown-sources': { metrics: ['visitors', 'visits', 'bounce_rate', 'visit_duration'], dimensions: ['visit:source'], order_by: [['visits', 'desc']] },
  'breakdown-entry-exit': { metrics: ['visits'], dimensions: ['visit:entry_page', 'visit:exit_page'] },
  'breakdown-screen-props': { metrics: ['visitors', 'events'], dimensions: ['visit:screen', 'event:props:plan'] },
  'filters-nested': {
    metrics: ['visitors', 'pageviews'],
    filters: [
      ['is', 'visit:country', ['DE', 'FR']],
      ['or', [['contains', 'event:page', ['/blog']], ['matches_not', 'visit:referrer', ['^https://t\\.co/']]]],
      ['not', ['is_not', 'event:props:author', ['ada']]],
    ],
  },
  'filter-time-label': { metrics: ['visitors'], dimensions: ['visit:device'], filters: [['is', 'time:day', ['2026-03-29']]] },
  'prop-keys-behaviour': { metrics: ['visitors', 'events'], dimensions: ['event:prop_key'], filters: [['has_done', ['is', 'event:page', ['/pricing']]]] },
};

function render(name: string, body: Record<string, unknown>): string {
  const q = parseQuery({ site_id: 'example.com', date_range: ['2026-03-01', '2026-03-30'], ...body });
  const sq = sqlQuery(q, 'Europe/Berlin', RANGE, true);
  const main = buildSql(sq, duckdbDialect);
  const count = buildCountSql(sq, duckdbDialect);
  const params = (ps: unknown[]) => ps.map((p, i) => `-- $${i + 1} = ${JSON.stringify(p)}`).join('\n');
  return `-- ${name}: ${JSON.stringify(body)}\n${params(main.params)}\n${main.sql};\n\n-- total_rows\n${count.sql};\n`;
}

/** The SQL generated from the event column table (src/event-columns.ts). */
const TABLE_CASES: Record<string, () => string> = {
  'ddl-duckdb-events': () => `${duckDbEventsDdl()};\n`,
  'ddl-clickhouse-events': () => `${eventsDdl({ retentionDays: null, cluster: null, database: 'inkling' }).join(';\n\n')};\n`,
  'ddl-clickhouse-events-cluster': () => `${eventsDdl({ retentionDays: 400, cluster: 'analytics', database: 'inkling' }).join(';\n\n')};\n`,
  'load-segment-duckdb': () => `-- the select list of a spool segment load (src/store/event-sink.ts)\nSELECT ${LOAD_SELECT};\n`,
};

const RENDERERS: Record<string, () => string> = {
  ...Object.fromEntries(Object.entries(CASES).map(([name, body]) => [name, () => render(name, body)])),
  ...TABLE_CASES,
};

for (const [name, renderSql] of Object.entries(RENDERERS)) {
  test(`golden SQL: ${name}`, () => {
    const file = path.join(DIR, `${name}.sql`);
    const actual = renderSql();
    if (UPDATE || !fs.existsSync(file)) {
      fs.mkdirSync(DIR, { recursive: true });
      fs.writeFileSync(file, actual);
      if (!UPDATE) assert.fail(`${file} did not exist; it was written now: review it and re-run (UPDATE_GOLDEN=1 regenerates all)`);
      return;
    }
    assert.equal(actual, fs.readFileSync(file, 'utf8'), `generated SQL for ${name} drifted from ${file}; if intended, regenerate with UPDATE_GOLDEN=1`);
  });
}

test('golden SQL: no stale files', () => {
  const expected = new Set(Object.keys(RENDERERS).map((n) => `${n}.sql`));
  const stale = fs.readdirSync(DIR).filter((f) => f.endsWith('.sql') && !expected.has(f));
  assert.deepEqual(stale, [], 'golden files without a case; delete them');
});
