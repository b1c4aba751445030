// Serves the tracker script: /js/script.js, every released immutable version, and an optional
// first-party alias (so blockers that match /js/script.js on a third-party host do not see it).
// The bytes are the committed files in tracker/dist: nothing is built at start.
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentRelease, loadReleases, type TrackerRelease } from '../../tracker/releases.ts';

const LATEST_PATH = '/js/script.js';

export async function registerTrackerRoutes(app: FastifyInstance, opts: { scriptPath: string | null }): Promise<void> {
  const releases = loadReleases();
  // Short: pages on /js/script.js pick up a new release within minutes.
  const latest = serveRelease(currentRelease(releases), 'public, max-age=300');
  app.get(LATEST_PATH, latest);
  // A version's content never changes (TRACKER_VERSION is bumped instead), and pages pin it with SRI.
  for (const release of releases) app.get(`/js/script.v${release.version}.js`, serveRelease(release, 'public, max-age=31536000, immutable'));
  if (opts.scriptPath !== null && opts.scriptPath !== LATEST_PATH) app.get(opts.scriptPath, latest);
}

function serveRelease(release: TrackerRelease, cacheControl: string) {
  // Compressed once here: the size budget is a gzip size, and no proxy in front is assumed.
  const gzipped = gzipSync(release.code, { level: 9 });
  // The SRI hash names the content exactly, so it is a strong validator.
  const etag = `"${release.integrity}"`;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers({
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': cacheControl,
      'access-control-allow-origin': '*',
      vary: 'accept-encoding',
      etag,
    });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(gzipped);
    return reply.send(release.code);
  };
}
