// `npm test`: type-check, then every test tier (unit, integration, browser) in one node:test run.
// Usage: npm test [-- unit|integration|equivalence|postgres|browser ...]   (default: all tiers)
// equivalence: the stats property tests on ClickHouse (chdb, in process) beside DuckDB.
// postgres: app data on a real PostgreSQL server (tests/helpers/postgres.ts starts one) and two nodes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const allTiers = ['unit', 'integration', 'equivalence', 'postgres', 'browser'];
const tiers = process.argv.slice(2).filter((a) => allTiers.includes(a));
const selected = tiers.length > 0 ? tiers : allTiers;

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

if (selected.includes('browser') && !existsSync('/usr/bin/chromium')) {
  if (process.env.CI === 'true') {
    console.error('FAIL: /usr/bin/chromium is missing and CI=true: the browser tier must run in CI (apt-get install -y chromium).');
    process.exit(1);
  }
  console.warn('!!! SKIPPING THE BROWSER TIER: /usr/bin/chromium not found (apt-get install -y chromium) !!!');
  selected.splice(selected.indexOf('browser'), 1);
}

// Debian's server binaries (apt-get install -y postgresql) live in a versioned directory.
const hasPostgres = () => {
  const debian = '/usr/lib/postgresql';
  const versioned = existsSync(debian) && readdirSync(debian).some((v) => existsSync(path.join(debian, v, 'bin/initdb')));
  return versioned || spawnSync('sh', ['-c', 'command -v initdb'], { stdio: 'ignore' }).status === 0;
};
if (selected.includes('postgres') && !hasPostgres()) {
  if (process.env.CI === 'true') {
    console.error('FAIL: PostgreSQL (initdb) is missing and CI=true: the postgres tier must run in CI (apt-get install -y postgresql).');
    process.exit(1);
  }
  console.warn('!!! SKIPPING THE POSTGRES TIER: initdb not found (apt-get install -y postgresql) !!!');
  selected.splice(selected.indexOf('postgres'), 1);
}

// The server and the dashboard (web/, browser types) are two TypeScript projects.
for (const project of [root, path.join(root, 'web')]) {
  const typecheck = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', project], { stdio: 'inherit' });
  if (typecheck.status !== 0) {
    console.error(`FAIL: type errors (tsc --noEmit -p ${path.relative(root, project) || '.'})`);
    process.exit(1);
  }
}

const files = selected.flatMap((tier) => findTests(path.join(root, 'tests', tier)).sort());
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
