import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { registerTrackerRoutes } from '../../src/api/tracker-routes.ts';
import { currentRelease } from '../../tracker/releases.ts';
import { TRACKER_VERSION } from '../../tracker/src/version.ts';

async function app(scriptPath: string | null) {
  const instance = Fastify();
  await registerTrackerRoutes(instance, { scriptPath });
  return instance;
}

test('tracker routes: latest, versioned and aliased paths serve the build with their cache policy', async () => {
  const code = currentRelease().code.toString('utf8');
  const instance = await app('/assets/app.js');
  const cases: Array<[string, string]> = [
    ['/js/script.js', 'public, max-age=300'],
    [`/js/script.v${TRACKER_VERSION}.js`, 'public, max-age=31536000, immutable'],
    ['/assets/app.js', 'public, max-age=300'],
  ];
  for (const [url, cacheControl] of cases) {
    const response = await instance.inject({ url });
    assert.equal(response.statusCode, 200, url);
    assert.equal(response.body, code, url);
    assert.equal(response.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(response.headers['cache-control'], cacheControl, url);
    assert.equal(response.headers['access-control-allow-origin'], '*');
  }
  await instance.close();
});

test('tracker routes: gzip when accepted, 304 for a matching ETag, no alias unless configured', async () => {
  const { integrity } = currentRelease();
  const code = currentRelease().code.toString('utf8');
  const instance = await app(null);
  const zipped = await instance.inject({ url: '/js/script.js', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), code);
  assert.equal(zipped.headers.etag, `"${integrity}"`);
  const revalidated = await instance.inject({ url: '/js/script.js', headers: { 'if-none-match': `"${integrity}"` } });
  assert.equal(revalidated.statusCode, 304);
  assert.equal(revalidated.body, '');
  assert.equal((await instance.inject({ url: '/assets/app.js' })).statusCode, 404);
  assert.equal((await instance.inject({ url: `/js/script.v${TRACKER_VERSION + 1}.js` })).statusCode, 404);
  await instance.close();
});
