import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerTrackerRoutes } from '../../src/api/tracker-routes.ts';
import { buildTracker } from '../../tracker/build.ts';
import { currentRelease, integrityOf, loadReleases, readIntegrityManifest } from '../../tracker/releases.ts';
import { TRACKER_VERSION } from '../../tracker/src/version.ts';

test('tracker release: the source builds to the committed bytes of the current version (else bump TRACKER_VERSION)', async () => {
  const { code } = await buildTracker();
  const release = currentRelease();
  assert.equal(release.version, TRACKER_VERSION);
  assert.ok(Buffer.from(code, 'utf8').equals(release.code), 'tracker/src changed without a version bump: bump TRACKER_VERSION and run npm run build:tracker');
});

test('tracker release: every committed build matches the integrity recorded for it', () => {
  const manifest = readIntegrityManifest();
  const releases = loadReleases();
  assert.deepEqual(releases.map((r) => String(r.version)), Object.keys(manifest).sort((a, b) => Number(a) - Number(b)));
  for (const release of releases) assert.equal(integrityOf(release.code), manifest[release.version]);
});

test('tracker release: every released version is served byte for byte, the latest also as /js/script.js', async () => {
  const app = Fastify();
  await registerTrackerRoutes(app, { scriptPath: null });
  for (const release of loadReleases()) {
    const response = await app.inject({ url: `/js/script.v${release.version}.js` });
    assert.equal(response.statusCode, 200);
    assert.ok(response.rawPayload.equals(release.code), `v${release.version}`);
  }
  const latest = await app.inject({ url: '/js/script.js' });
  assert.ok(latest.rawPayload.equals(currentRelease().code));
  await app.close();
});
