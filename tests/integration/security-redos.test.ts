// Finding 1 over a real process: a site admin's excluded-path glob cannot stall the server, whatever
// path a visitor sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAdminOp } from '../helpers/admin.ts';
import { startServer } from '../helpers/server.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { USER_AGENTS } from '../helpers/traffic.ts';

test('finding 1: a server whose site has a backtracking-prone glob answers /healthz within a second while a long path is collected', async () => {
  const dataDir = tmpDir();
  await runAdminOp(dataDir, 'site.add', { domain: 'example.com', timezone: 'UTC' });
  await runAdminOp(dataDir, 'site.settings', { domain: 'example.com', excludedPaths: ['/*a*a*a*a*a*a*a*a*a*a*a*a*b'] });
  const server = await startServer({ dataDir, keepDir: true });
  try {
    const hit = fetch(`${server.url}/pixel.gif?d=example.com&path=/${'a'.repeat(3000)}`, { headers: { 'user-agent': USER_AGENTS[0]! }, signal: AbortSignal.timeout(2000) });
    // Sent just after the hit, so that it waits behind the hit's matching when that blocks.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
    assert.equal(health.status, 200);
    assert.ok(Date.now() - started < 1000);
    assert.equal((await hit).status, 200);
  } finally {
    // kill -9: a server stuck in a regular expression does not answer SIGTERM.
    await server.kill();
    removeDir(dataDir);
  }
});
