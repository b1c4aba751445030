import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../src/config.ts';

type Env = Record<string, string | undefined>;

const defaults: Config = {
  port: 8000,
  host: '127.0.0.1',
  dataDir: path.resolve('./data'),
  trustProxy: [],
  geoipFile: null,
  spamReferrersFile: null,
  metricsPublic: false,
  metricsPort: null,
  publicUrl: null,
  flushIntervalMs: 1000,
  batchSize: 15000,
  spoolMaxBytes: 1024 * 1024 * 1024,
  scriptPath: null,
  eventPath: null,
  bodyLimitBytes: 65536,
  queryTimeoutMs: 15_000,
  rateLimit: { hits: 100, perMs: 10_000 },
  frameAncestors: "'none'",
  store: 'duckdb',
  clickhouseUrl: null,
  clickhouseDatabase: 'inkling',
  appDb: null,
};

const cases: Array<{ name: string; argv: string[]; env: Env; expected: Partial<Config> }> = [
  { name: 'defaults', argv: [], env: {}, expected: {} },
  { name: 'unrelated env is ignored', argv: [], env: { HOME: '/root', NODE_ENV: 'production' }, expected: {} },
  { name: 'env beats default: PORT', argv: [], env: { PORT: '9000' }, expected: { port: 9000 } },
  { name: 'flag beats env: --port', argv: ['--port', '9100'], env: { PORT: '9000' }, expected: { port: 9100 } },
  { name: 'flag with =', argv: ['--port=9200'], env: {}, expected: { port: 9200 } },
  { name: 'finding 4: --query-timeout-ms sets the stats statement timeout', argv: ['--query-timeout-ms', '2500'], env: {}, expected: { queryTimeoutMs: 2500 } },
  { name: 'port 0 (any free port)', argv: [], env: { PORT: '0' }, expected: { port: 0 } },
  { name: 'port with spaces', argv: [], env: { PORT: ' 8080 ' }, expected: { port: 8080 } },
  { name: 'HOST trimmed', argv: [], env: { HOST: ' 0.0.0.0 ' }, expected: { host: '0.0.0.0' } },
  { name: '--host beats HOST', argv: ['--host', '::'], env: { HOST: '0.0.0.0' }, expected: { host: '::' } },
  { name: 'data dir from env resolves', argv: [], env: { INKLING_DATA_DIR: 'var/inkling' }, expected: { dataDir: path.resolve('var/inkling') } },
  { name: 'absolute --data', argv: ['--data', '/srv/inkling'], env: { INKLING_DATA_DIR: '/tmp/x' }, expected: { dataDir: '/srv/inkling' } },
  { name: 'trust proxy split and trimmed', argv: [], env: { INKLING_TRUST_PROXY: ' 10.0.0.0/8, ,192.168.0.0/16 ' }, expected: { trustProxy: ['10.0.0.0/8', '192.168.0.0/16'] } },
  { name: '--trust-proxy beats env', argv: ['--trust-proxy', '127.0.0.1'], env: { INKLING_TRUST_PROXY: '10.0.0.0/8' }, expected: { trustProxy: ['127.0.0.1'] } },
  { name: 'geoip and spam paths resolve', argv: ['--geoip', 'city.mmdb'], env: { INKLING_SPAM_REFERRERS: '/etc/spam.txt' },
    expected: { geoipFile: path.resolve('city.mmdb'), spamReferrersFile: '/etc/spam.txt' } },
  { name: 'metrics public yes', argv: [], env: { INKLING_METRICS_PUBLIC: 'yes' }, expected: { metricsPublic: true } },
  { name: 'metrics public 0 via flag', argv: ['--metrics-public', '0'], env: { INKLING_METRICS_PUBLIC: 'true' }, expected: { metricsPublic: false } },
  { name: 'spool in MB', argv: [], env: { INKLING_SPOOL_MAX_MB: '2' }, expected: { spoolMaxBytes: 2 * 1024 * 1024 } },
  { name: 'flush interval bounds', argv: ['--flush-interval-ms', '10'], env: {}, expected: { flushIntervalMs: 10 } },
  { name: 'first-party paths', argv: ['--script-path', '/assets/app.js'], env: { INKLING_EVENT_PATH: '/assets/e' }, expected: { scriptPath: '/assets/app.js', eventPath: '/assets/e' } },
  { name: 'ClickHouse store', argv: ['--store', 'clickhouse', '--clickhouse-url', 'http://ch:8123'], env: { INKLING_CLICKHOUSE_DATABASE: 'stats' },
    expected: { store: 'clickhouse', clickhouseUrl: 'http://ch:8123', clickhouseDatabase: 'stats' } },
  { name: 'PostgreSQL app data', argv: ['--store', 'clickhouse', '--clickhouse-url', 'http://ch:8123'], env: { INKLING_APP_DB: 'postgres://inkling@db:5432/inkling' },
    expected: { store: 'clickhouse', clickhouseUrl: 'http://ch:8123', appDb: 'postgres://inkling@db:5432/inkling' } },
];

test('loadConfig: --store clickhouse without a URL, or with a bad one, says what to set', () => {
  assert.throws(() => loadConfig(['--store', 'clickhouse'], {}), (e: Error) => e instanceof ConfigError && /--clickhouse-url/.test(e.message));
  assert.throws(() => loadConfig(['--store', 'clickhouse', '--clickhouse-url', 'ftp://x'], {}), ConfigError);
  assert.throws(() => loadConfig(['--store', 'postgres'], {}), ConfigError);
  assert.throws(() => loadConfig(['--clickhouse-database', 'a;b'], {}), ConfigError);
});

test('loadConfig: --app-db needs ClickHouse events and a postgres:// URL', () => {
  assert.throws(() => loadConfig(['--app-db', 'postgres://inkling@db/inkling'], {}), (e: Error) => e instanceof ConfigError && /--store clickhouse/.test(e.message));
  const clickhouse = ['--store', 'clickhouse', '--clickhouse-url', 'http://ch:8123'];
  assert.throws(() => loadConfig([...clickhouse, '--app-db', 'mysql://db/inkling'], {}), ConfigError);
  assert.throws(() => loadConfig([...clickhouse, '--app-db', 'postgres:///inkling'], {}), ConfigError);
});

for (const c of cases) {
  test(`loadConfig: ${c.name}`, () => {
    assert.deepEqual(loadConfig(c.argv, c.env), { ...defaults, ...c.expected });
  });
}

const errors: Array<{ name: string; argv: string[]; env: Env; source: string; value: string }> = [
  { name: 'PORT not a number', argv: [], env: { PORT: 'eighty' }, source: 'PORT', value: 'eighty' },
  { name: 'PORT too big', argv: [], env: { PORT: '70000' }, source: 'PORT', value: '70000' },
  { name: 'PORT negative', argv: [], env: { PORT: '-1' }, source: 'PORT', value: '-1' },
  { name: 'PORT with exponent', argv: [], env: { PORT: '8e3' }, source: 'PORT', value: '8e3' },
  { name: 'PORT fractional', argv: [], env: { PORT: '80.5' }, source: 'PORT', value: '80.5' },
  { name: 'PORT empty', argv: [], env: { PORT: '' }, source: 'PORT', value: '' },
  { name: '--port bad, env fine', argv: ['--port', 'x'], env: { PORT: '9000' }, source: '--port', value: 'x' },
  { name: 'HOST blank', argv: [], env: { HOST: '   ' }, source: 'HOST', value: '   ' },
  { name: 'metrics public maybe', argv: [], env: { INKLING_METRICS_PUBLIC: 'maybe' }, source: 'INKLING_METRICS_PUBLIC', value: 'maybe' },
  { name: 'flush interval below 10', argv: [], env: { INKLING_FLUSH_INTERVAL_MS: '5' }, source: 'INKLING_FLUSH_INTERVAL_MS', value: '5' },
  { name: 'batch size zero', argv: ['--batch-size', '0'], env: {}, source: '--batch-size', value: '0' },
  { name: 'spool 0 MB', argv: [], env: { INKLING_SPOOL_MAX_MB: '0' }, source: 'INKLING_SPOOL_MAX_MB', value: '0' },
  { name: 'body limit too small', argv: [], env: { INKLING_BODY_LIMIT: '100' }, source: 'INKLING_BODY_LIMIT', value: '100' },
  { name: 'script path not a path', argv: ['--script-path', 'https://cdn.example/app.js'], env: {}, source: '--script-path', value: 'https://cdn.example/app.js' },
  { name: 'event path with a query', argv: [], env: { INKLING_EVENT_PATH: '/e?x=1' }, source: 'INKLING_EVENT_PATH', value: '/e?x=1' },
];

for (const c of errors) {
  test(`loadConfig: ${c.name} -> ConfigError naming ${c.source}`, () => {
    assert.throws(() => loadConfig(c.argv, c.env), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.name, 'ConfigError');
      assert.ok(error.message.includes(c.source), error.message);
      assert.ok(error.message.includes(JSON.stringify(c.value)), error.message);
      return true;
    });
  });
}

test('loadConfig: the message says what to set', () => {
  assert.throws(() => loadConfig([], { PORT: 'eighty' }), { message: 'Invalid PORT value "eighty": expected a whole number from 0 to 65535' });
});

// The CLI reports these codes as usage errors (src/cli/main.ts).
for (const [name, argv] of [['an unknown flag', ['--prot', '80']], ['a positional argument', ['serve']], ['a flag without its value', ['--port']]] as const) {
  test(`loadConfig: ${name} is a usage error`, () => {
    assert.throws(() => loadConfig([...argv], {}), (error: unknown) => String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS'));
  });
}

test('loadConfig: the result and its lists are frozen', () => {
  const config = loadConfig([], { INKLING_TRUST_PROXY: '10.0.0.0/8' });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.trustProxy));
  assert.throws(() => {
    (config as { port: number }).port = 1;
  }, TypeError);
  assert.throws(() => (config.trustProxy as string[]).push('0.0.0.0/0'), TypeError);
});

test('loadConfig: reads only the env it is given', () => {
  const saved = process.env.PORT;
  process.env.PORT = '1234';
  try {
    assert.equal(loadConfig([], {}).port, 8000);
  } finally {
    if (saved === undefined) delete process.env.PORT;
    else process.env.PORT = saved;
  }
});
