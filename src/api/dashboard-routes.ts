// Serves the dashboard: its HTML at /sites and /<domain> (with a strict CSP), its hashed
// assets under /static/assets/ (cached for a year, gzipped once in memory), and the site list
// it needs at GET /api/sites.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../store/duckdb.ts';
import { listSites } from '../store/app-data.ts';
import { sendError } from './errors.ts';
import { isLocalRequest } from './api-keys.ts';

/**
 * No inline script or style anywhere: scripts and stylesheets are files from this origin, and
 * the app sets styles only through the CSSOM (which CSP does not govern).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': DASHBOARD_CSP,
  // The HTML names the current asset hashes, so it is revalidated every time.
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};
/** Vite's output names: name-hash.ext, nothing that could climb out of the directory. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(js|css|svg|json|woff2|png)$/;
/** At least two labels: a lone word (/foo) is not taken for a site. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** Last labels that name files, not sites: /favicon.ico and /robots.txt are not dashboards. */
const FILE_SUFFIX = /\.(ico|txt|xml|json|js|mjs|css|map|png|jpe?g|gif|svg|webp|webmanifest|html?|php|env|git|zip|gz)$/i;

interface Asset {
  type: string;
  raw: Buffer;
  gzip: Buffer;
}


/** `localAccess`: the same keyless rule as the stats API (see AuthDeps.localAccess). */
export async function registerDashboardRoutes(app: FastifyInstance, deps: { db: Db; distDir: string; localAccess: boolean }): Promise<void> {
  const assets = new Map<string, Asset | null>();
  let html: { text: string; mtimeMs: number } | null = null;

  /** index.html, re-read when a rebuild replaced it. */
  const readHtml = (): string | null => {
    const file = path.join(deps.distDir, 'index.html');
    try {
      const { mtimeMs } = fs.statSync(file);
      if (!html || html.mtimeMs !== mtimeMs) html = { text: fs.readFileSync(file, 'utf8'), mtimeMs };
      return html.text;
    } catch {
      return null;
    }
  };

  const sendHtml = (reply: FastifyReply) => {
    const text = readHtml();
    if (text === null) return sendError(reply, 503, 'dashboard_not_built', 'The dashboard is not built: run `npm run build:web`.');
    return reply.headers(HTML_HEADERS).send(text);
  };

  app.get('/sites', async (_request, reply) => sendHtml(reply));

  app.get<{ Params: { domain: string } }>('/:domain', async (request, reply) => {
    const domain = request.params.domain;
    if (!(await isKnownSite(deps.db, domain)) && (!HOSTNAME.test(domain) || FILE_SUFFIX.test(domain))) return reply.callNotFound();
    return sendHtml(reply);
  });

  app.get<{ Params: { name: string } }>('/static/assets/:name', async (request, reply) => {
    const asset = loadAsset(assets, deps.distDir, request.params.name);
    if (!asset) return reply.callNotFound();
    reply.headers({
      'content-type': asset.type,
      // Names carry a content hash: a changed file is a new URL.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    });
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.raw);
  });

  app.get('/api/sites', async (request, reply) => {
    if (!(deps.localAccess && isLocalRequest(request))) return sendError(reply, 401, 'unauthorized', 'Sign in to list sites.');
    const sites = await listSites(deps.db);
    return reply.header('cache-control', 'no-store').send(sites.map((s) => ({ domain: s.domain, timezone: s.timezone })));
  });
}

async function isKnownSite(db: Db, domain: string): Promise<boolean> {
  const rows = await db.all('SELECT 1 FROM sites WHERE domain = $1', [domain]);
  return rows.length > 0;
}

function loadAsset(cache: Map<string, Asset | null>, distDir: string, name: string): Asset | null {
  if (!ASSET_NAME.test(name)) return null;
  const cached = cache.get(name);
  if (cached) return cached;
  try {
    const raw = fs.readFileSync(path.join(distDir, 'assets', name));
    const asset = { type: TYPES[path.extname(name)] ?? 'application/octet-stream', raw, gzip: gzipSync(raw, { level: 9 }) };
    cache.set(name, asset);
    return asset;
  } catch {
    // Not cached as missing: a build may be writing it right now.
    return null;
  }
}
