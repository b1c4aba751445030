// The released tracker builds: tracker/dist/script.v<N>.js, committed, served byte for byte.
// Pages pin a version with SRI, so its bytes must never depend on the esbuild that happens to be
// installed or on an unreleased source edit; `npm run build:tracker` writes a new version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { TRACKER_VERSION } from './src/version.ts';

export interface TrackerRelease {
  version: number;
  code: Buffer;
  /** Subresource Integrity value for the script tag: `sha384-<base64>`. */
  integrity: string;
}

export const DIST_DIR = new URL('./dist/', import.meta.url);
export const INTEGRITY_FILE = new URL('./integrity.json', DIST_DIR);
const RELEASE_NAME = /^script\.v(\d+)\.js$/;

export function integrityOf(code: Buffer | string): string {
  return 'sha384-' + createHash('sha384').update(code).digest('base64');
}

export function releaseFileName(version: number): string {
  return `script.v${version}.js`;
}

/** The recorded integrity of each released version, keyed by version number. */
export function readIntegrityManifest(): Record<string, string> {
  return JSON.parse(readFileSync(INTEGRITY_FILE, 'utf8')) as Record<string, string>;
}

/** Every released version, oldest first; throws when a file no longer matches its recorded hash. */
export function loadReleases(): TrackerRelease[] {
  const manifest = readIntegrityManifest();
  const releases = readdirSync(DIST_DIR).flatMap((name) => {
    const match = RELEASE_NAME.exec(name);
    if (!match) return [];
    const version = Number(match[1]);
    const code = readFileSync(new URL(name, DIST_DIR));
    const integrity = integrityOf(code);
    if (manifest[version] !== integrity) {
      throw new Error(`tracker/dist/${name} does not match its integrity in tracker/dist/integrity.json: released builds must never change`);
    }
    return [{ version, code, integrity }];
  });
  return releases.sort((a, b) => a.version - b.version);
}

/** The release of TRACKER_VERSION, which /js/script.js serves and the snippet pins. */
export function currentRelease(releases: readonly TrackerRelease[] = loadReleases()): TrackerRelease {
  const release = releases.find((r) => r.version === TRACKER_VERSION);
  if (!release) throw new Error(`tracker/dist has no build of version ${TRACKER_VERSION}: run npm run build:tracker`);
  return release;
}
