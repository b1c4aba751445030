// `npm run build:tracker`: builds tracker/src and records it as release TRACKER_VERSION in
// tracker/dist. A released version is never rewritten: a changed build needs a version bump.
import { writeFileSync } from 'node:fs';
import { buildTracker } from '../tracker/build.ts';
import { DIST_DIR, INTEGRITY_FILE, integrityOf, loadReleases, readIntegrityManifest, releaseFileName } from '../tracker/releases.ts';

const { code, version } = await buildTracker();
const bytes = Buffer.from(code, 'utf8');
const released = loadReleases().find((r) => r.version === version);
if (released && !released.code.equals(bytes)) {
  console.error(`tracker v${version} is released and the source now builds to other bytes: bump TRACKER_VERSION in tracker/src/version.ts`);
  process.exit(1);
}
if (released) {
  console.log(`tracker v${version} is already released with these exact bytes (${released.integrity})`);
} else {
  writeFileSync(new URL(releaseFileName(version), DIST_DIR), bytes);
  const integrity = integrityOf(bytes);
  writeFileSync(INTEGRITY_FILE, JSON.stringify({ ...readIntegrityManifest(), [version]: integrity }, null, 2) + '\n');
  console.log(`tracker v${version} released: tracker/dist/${releaseFileName(version)} ${integrity}`);
}
