// Builds the browser tracker from tracker/src with esbuild, in memory, once per process.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { TRACKER_VERSION } from './src/version.ts';

export interface TrackerBuild {
  code: string;
  /** Subresource Integrity value for the script tag: `sha384-<base64>`. */
  integrity: string;
  version: number;
}

let cached: Promise<TrackerBuild> | undefined;

/** The first call builds (~tens of ms); every later call shares that result. */
export function buildTracker(): Promise<TrackerBuild> {
  if (!cached) {
    cached = buildOnce();
    // A failed build is not cached, so a caller may retry after fixing the source.
    cached.catch(() => (cached = undefined));
  }
  return cached;
}

async function buildOnce(): Promise<TrackerBuild> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./src/main.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // Not the repo's tsconfig: its strict mode would add a "use strict" prologue the tracker does not need.
    tsconfigRaw: {},
  });
  const code = result.outputFiles[0]!.text;
  const integrity = 'sha384-' + createHash('sha384').update(code).digest('base64');
  return { code, integrity, version: TRACKER_VERSION };
}
