// Serves the dashboard: its HTML (with a strict CSP) at /sites, /<domain>, /<domain>/settings,
// the account pages and /share/<token>, and its hashed assets under /static/assets/ (cached for
// a year, gzipped once in memory). The HTML holds no data: every page reads the APIs, which
// check who is asking.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/duckdb.ts';
import { sendError } from '../errors.ts';

/**
 * No inline script or style anywhere: scripts and stylesheets are files from this origin, and
 * the app sets styles only through the CSSOM (which CSP does not govern). Only share-link pages
 * may be framed, by the configured ancestors; a signed-in page never is (clickjacking).
 */
export function dashboardCsp(frameAncestors = "'none'"): string {
  return [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  `frame-ancestors ${frameAncestors}`,
  "base-uri 'none'",
  "form-action 'self'",
  ].join('; ');
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': dashboardCsp(),
  // The HTML names the current asset hashes, so it is revalidated every time.
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** A share page: framable by the configured ancestors, and its token never leaves in a Referer. */
function shareHeaders(frameAncestors: string): Record<string, string> {
  const { 'x-frame-options': _deny, ...rest } = HTML_HEADERS;
  return {
    ...rest,
    ...(frameAncestors === "'none'" ? { 'x-frame-options': 'DENY' } : {}),
    'content-security-policy': dashboardCsp(frameAncestors),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  };
}

/** The app's own pages (lone words, so never taken for a site's dashboard). */
const APP_PAGES = ['/sites', '/login', '/setup', '/account', '/users', '/keys'];
const SHARE_TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

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


export async function registerDashboardRoutes(app: FastifyInstance, deps: { db: Db; distDir: string; frameAncestors: string }): Promise<void> {
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

  const sendHtml = (reply: FastifyReply, headers: Record<string, string> = HTML_HEADERS) => {
    const text = readHtml();
    if (text === null) return sendError(reply, 503, 'dashboard_not_built', 'The dashboard is not built: run `npm run build:web`.');
    return reply.headers(headers).send(text);
  };

  for (const page of APP_PAGES) app.get(page, async (_request, reply) => sendHtml(reply));

  const siteRoute = async (request: FastifyRequest<{ Params: { domain: string } }>, reply: FastifyReply) => {
    const domain = request.params.domain;
    if (!(await isKnownSite(deps.db, domain)) && (!HOSTNAME.test(domain) || FILE_SUFFIX.test(domain))) return reply.callNotFound();
    return sendHtml(reply);
  };
  app.get<{ Params: { domain: string } }>('/:domain', siteRoute);
  app.get<{ Params: { domain: string } }>('/:domain/settings', siteRoute);

  const share = shareHeaders(deps.frameAncestors);
  app.get<{ Params: { token: string } }>('/share/:token', async (request, reply) => {
    if (!SHARE_TOKEN.test(request.params.token)) return reply.callNotFound();
    return sendHtml(reply, share);
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
