// The authorization matrix: every route of the app (method + path) against every kind of caller,
// asserting allow or deny, on a real app over a real store. "Allow" is any answer but 401/403
// (a 400 or 404 means the request got past authorization); "deny" is 401 or 403. Public routes
// are rows too: they must answer every caller alike. A route-table snapshot fails when the app
// has a route without a row here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteOptions } from 'fastify';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, PASSWORD, type Session } from '../helpers/auth.ts';
import { createApiKey, revokeApiKey } from '../../src/store/api-keys.ts';
import { insertShare } from '../../src/store/shares.ts';
import { hashPassword } from '../../src/auth/password.ts';

const WHO = ['anonymous', 'viewer', 'admin', 'owner', 'share', 'shareWrongPassword', 'key', 'readKey', 'revokedKey'] as const;
type Who = (typeof WHO)[number];

const SITE = 'example.com';
const OTHER = 'other.example';

/** Who may: the callers allowed; every other caller must be denied. */
const READ: Who[] = ['viewer', 'admin', 'owner', 'share', 'key', 'readKey'];
const READ_NO_SHARE: Who[] = ['viewer', 'admin', 'owner', 'key', 'readKey'];
const USERS: Who[] = ['viewer', 'admin', 'owner'];
const SITE_ADMIN: Who[] = ['admin', 'owner', 'key'];
const STAFF: Who[] = ['admin', 'owner'];
const OWNER: Who[] = ['owner'];
const SIGNED: Who[] = ['viewer', 'admin', 'owner', 'share', 'key', 'readKey'];
const SHARE_ONLY: Who[] = ['share'];

interface Row {
  method: string;
  /** The route as registered (what the snapshot compares). */
  route: string;
  /** The callers allowed, or 'public' with why it is public. */
  allow: Who[] | { public: string };
  /** The URL asked (default: the route); per caller when each needs its own target. */
  url?: string | ((who: Who) => string);
  body?: unknown | ((who: Who) => unknown);
  /** Signs in again first: the route ends or replaces the session. */
  freshSession?: boolean;
}

const q = (site: string) => ({ site_id: site, date_range: '7d', metrics: ['visitors'] });
const v1 = (path: string, site = SITE) => `/api/v1/stats/${path}?site_id=${site}`;
const pub = (why: string) => ({ public: why });

const MATRIX: Row[] = [
  // Collect, tracker, health, docs: public by design.
  { method: 'GET', route: '/pixel.gif', allow: pub('the no-JavaScript collect endpoint'), url: `/pixel.gif?d=${SITE}&path=/m` },
  { method: 'POST', route: '/api/event', allow: pub('the tracker collect endpoint'), body: { n: 'pageview', u: `https://${SITE}/m`, d: SITE } },
  { method: 'OPTIONS', route: '/api/event', allow: pub('CORS preflight of the collect endpoint') },
  { method: 'POST', route: '/api/send', allow: pub("Umami's collect endpoint"), body: {} },
  { method: 'OPTIONS', route: '/api/send', allow: pub('CORS preflight of the Umami endpoint') },
  { method: 'GET', route: '/js/script.js', allow: pub('the tracker script') },
  { method: 'GET', route: '/js/script.v1.js', allow: pub('the versioned tracker script') },
  { method: 'GET', route: '/healthz', allow: pub('health check') },
  { method: 'GET', route: '/metrics', allow: pub('Prometheus metrics: loopback peers only, whatever the credentials') },
  { method: 'GET', route: '/', allow: pub("the original toy's test page (a public contract)") },
  { method: 'GET', route: '/api/docs/openapi.json', allow: pub('the Stats API description') },
  { method: 'GET', route: '/static/assets/:name', allow: pub('hashed dashboard assets'), url: '/static/assets/none.js' },
  // Dashboard HTML: a shell with no data; each page reads the APIs below.
  ...['/sites', '/login', '/setup', '/account', '/users', '/keys'].map((route): Row => ({ method: 'GET', route, allow: pub('dashboard HTML (no data)') })),
  { method: 'GET', route: '/:domain', allow: pub('dashboard HTML (no data)'), url: `/${SITE}` },
  { method: 'GET', route: '/:domain/settings', allow: pub('dashboard HTML (no data)'), url: `/${SITE}/settings` },
  { method: 'GET', route: '/share/:token', allow: pub('share dashboard HTML (no data)'), url: '/share/aaaaaaaaaaaaaaaaaaaaaaaa' },
  // Sign-in: public, and they ignore any credentials sent (an empty body is a 400 for all).
  { method: 'POST', route: '/api/auth/login', allow: pub('signing in') },
  { method: 'POST', route: '/api/auth/setup', allow: pub('first-run owner creation, with the one-time token') },
  { method: 'POST', route: '/api/share/unlock', allow: pub('trading a share password for a grant') },
  // The signed-in account.
  { method: 'GET', route: '/api/auth/me', allow: USERS },
  { method: 'POST', route: '/api/auth/logout', allow: USERS, freshSession: true },
  { method: 'POST', route: '/api/auth/password', allow: USERS, freshSession: true, body: { current_password: PASSWORD, new_password: PASSWORD } },
  { method: 'POST', route: '/api/auth/totp/setup', allow: USERS },
  { method: 'POST', route: '/api/auth/totp/enable', allow: USERS, body: { secret: 'A'.repeat(32), code: '000000' } },
  { method: 'POST', route: '/api/auth/totp/disable', allow: USERS, body: { password: PASSWORD } },
  // Stats reads: the site's readers; a share link only its site, never the multi-site page.
  { method: 'POST', route: '/api/v2/query', allow: READ, body: q(SITE) },
  { method: 'POST', route: '/api/v2/query', allow: USERS, body: q(OTHER) },
  { method: 'POST', route: '/api/v2/funnel', allow: READ, body: { site_id: SITE, date_range: '7d', steps: ['a', 'b'] } },
  { method: 'GET', route: '/api/v1/stats/realtime/visitors', allow: READ, url: v1('realtime/visitors') },
  { method: 'GET', route: '/api/v1/stats/aggregate', allow: READ, url: v1('aggregate') },
  { method: 'GET', route: '/api/v1/stats/aggregate', allow: USERS, url: v1('aggregate', OTHER) },
  { method: 'GET', route: '/api/v1/stats/timeseries', allow: READ, url: v1('timeseries') },
  { method: 'GET', route: '/api/v1/stats/breakdown', allow: READ, url: `${v1('breakdown')}&property=event:page` },
  { method: 'GET', route: '/api/v1/stats/export', allow: READ, url: `${v1('export')}&property=event:page` },
  { method: 'GET', route: '/analytics', allow: READ_NO_SHARE, url: `/analytics?site_id=${SITE}` },
  // Sites.
  { method: 'GET', route: '/api/sites', allow: SIGNED },
  { method: 'POST', route: '/api/sites', allow: STAFF, body: (who: Who) => ({ domain: `new-${who.toLowerCase()}.example` }) },
  { method: 'GET', route: '/api/sites/:domain/settings', allow: SITE_ADMIN, url: `/api/sites/${SITE}/settings` },
  { method: 'GET', route: '/api/sites/:domain/settings', allow: STAFF, url: `/api/sites/${OTHER}/settings` },
  { method: 'PATCH', route: '/api/sites/:domain/settings', allow: SITE_ADMIN, url: `/api/sites/${SITE}/settings`, body: { public: false } },
  // Deleting a site needs a signed-in owner or admin: never a key, even an admin one (finding 6).
  { method: 'DELETE', route: '/api/sites/:domain', allow: STAFF, url: (who) => `/api/sites/${doomed(who)}`, body: (who: Who) => ({ confirm: doomed(who) }) },
  // Share links of a site.
  { method: 'GET', route: '/api/sites/:domain/shares', allow: SITE_ADMIN, url: `/api/sites/${SITE}/shares` },
  { method: 'POST', route: '/api/sites/:domain/shares', allow: SITE_ADMIN, url: `/api/sites/${SITE}/shares`, body: {} },
  { method: 'DELETE', route: '/api/sites/:domain/shares/:id', allow: SITE_ADMIN, url: `/api/sites/${SITE}/shares/s_none` },
  { method: 'GET', route: '/api/share', allow: SHARE_ONLY },
  // Goals, segments and funnels (issue 8): reads for the site's readers, writes for its admins.
  ...(['goals', 'segments', 'funnels'] as const).flatMap((kind): Row[] => [
    { method: 'GET', route: `/api/sites/:domain/${kind}`, allow: READ, url: `/api/sites/${SITE}/${kind}` },
    { method: 'POST', route: `/api/sites/:domain/${kind}`, allow: SITE_ADMIN, url: `/api/sites/${SITE}/${kind}`, body: {} },
    { method: 'DELETE', route: `/api/sites/:domain/${kind}/:id`, allow: SITE_ADMIN, url: `/api/sites/${SITE}/${kind}/none` },
  ]),
  // Users (owner) and API keys (owners and admins; never a key).
  { method: 'GET', route: '/api/users', allow: OWNER },
  { method: 'POST', route: '/api/users', allow: OWNER, body: (who: Who) => ({ email: `new-${who.toLowerCase()}@x.test`, password: PASSWORD, role: 'viewer' }) },
  { method: 'PATCH', route: '/api/users/:id', allow: OWNER, url: '/api/users/u_none', body: { role: 'viewer' } },
  { method: 'DELETE', route: '/api/users/:id', allow: OWNER, url: '/api/users/u_none' },
  { method: 'GET', route: '/api/keys', allow: STAFF },
  { method: 'POST', route: '/api/keys', allow: STAFF, body: { name: 'matrix' } },
  { method: 'DELETE', route: '/api/keys/:id', allow: STAFF, url: '/api/keys/k_none' },
];

/** Each caller deletes a site of its own (an admin key covers them all, and is still refused). */
const doomed = (who: Who) => `doomed-${who.toLowerCase()}.example`;

let t: TestApp;
const routes: Array<{ method: string; url: string }> = [];
const sessions = new Map<Who, Session>();
const bearer: Partial<Record<Who, string>> = {};
let shareToken = '';
let lockedToken = '';

before(async () => {
  t = await makeApp({
    sites: [SITE, OTHER, ...WHO.map(doomed)],
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
    },
  });
  for (const role of ['viewer', 'admin', 'owner'] as const) await addUser(t, `${role}@x.test`, role);
  bearer.key = (await createApiKey(t.db, { name: 'admin', access: 'admin', sites: [SITE, ...WHO.map(doomed)] })).key;
  bearer.readKey = (await createApiKey(t.db, { name: 'read', access: 'read', sites: [SITE] })).key;
  const revoked = await createApiKey(t.db, { name: 'revoked', access: 'admin', sites: null });
  await revokeApiKey(t.db, revoked.id);
  bearer.revokedKey = revoked.key;
  shareToken = (await insertShare(t.db, { site: SITE, label: 'open', passwordHash: null, expiresMs: null, now: t.clock.now() })).token;
  lockedToken = (await insertShare(t.db, { site: SITE, label: 'locked', passwordHash: await hashPassword('the right password'), expiresMs: null, now: t.clock.now() })).token;
});

after(() => t.close());

async function headersFor(who: Who, fresh: boolean): Promise<Record<string, string>> {
  const base = { host: 'localhost' };
  switch (who) {
    case 'anonymous':
      return base;
    case 'viewer':
    case 'admin':
    case 'owner': {
      let session = sessions.get(who);
      if (!session || fresh) {
        session = await login(t, `${who}@x.test`);
        // A fresh session may end (logout) or outlive the others (password change): sign in again next time.
        if (fresh) sessions.delete(who);
        else sessions.set(who, session);
      }
      return { ...base, ...session.headers };
    }
    case 'share':
      return { ...base, authorization: `Share ${shareToken}` };
    case 'shareWrongPassword':
      return { ...base, authorization: `Share ${lockedToken}`, 'x-share-grant': `${t.clock.now() + 60_000}.${'0'.repeat(64)}` };
    case 'key':
    case 'readKey':
    case 'revokedKey':
      return { ...base, authorization: `Bearer ${bearer[who]}` };
  }
}

const pick = <T>(value: T | ((who: Who) => T), who: Who): T => (typeof value === 'function' ? (value as (w: Who) => T)(who) : value);

test('authorization matrix: every route x every caller', async () => {
  const wrong: string[] = [];
  for (const row of MATRIX) {
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      const body = row.body === undefined ? undefined : pick(row.body, who);
      const res = await t.app.inject({
        method: row.method as 'GET',
        url: pick(row.url ?? row.route, who),
        headers: await headersFor(who, row.freshSession === true),
        ...(body === undefined ? {} : { payload: body as object }),
      });
      statuses[who] = res.statusCode;
      const name = `${row.method} ${pick(row.url ?? row.route, who)} as ${who}`;
      if (res.statusCode >= 500) wrong.push(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if ('public' in row.allow) continue;
      const allowed = row.allow.includes(who);
      const denied = res.statusCode === 401 || res.statusCode === 403;
      if (allowed === denied) wrong.push(`${name}: expected ${allowed ? 'allow' : 'deny'}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    if ('public' in row.allow) {
      const distinct = new Set(Object.values(statuses));
      if (distinct.size !== 1 || distinct.has(401) || distinct.has(403)) wrong.push(`${row.method} ${row.route} (public) answers callers differently: ${JSON.stringify(statuses)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('route snapshot: every route of the app has a matrix row', () => {
  assert.ok(routes.length > 40, 'the onRoute hook saw the app being built');
  const covered = new Set(MATRIX.map((r) => `${r.method} ${r.route}`));
  const missing = [...new Set(routes.map((r) => `${r.method} ${r.url}`))].filter((r) => !covered.has(r)).sort();
  assert.deepEqual(missing, [], 'add a row to MATRIX for each new route (who may call it)');
  const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
  const stale = [...covered].filter((r) => !registered.has(r)).sort();
  assert.deepEqual(stale, [], 'rows for routes the app no longer has');
});
