// Visits through the whole app: they survive a restart, continue across midnight, and the
// salts table only ever holds today's and yesterday's salt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, testClock } from '../helpers/app.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const hit = (path: string) => ({ url: `/pixel.gif?d=example.com&path=${path}`, headers: { 'user-agent': UA, 'x-forwarded-for': '198.51.100.23' }, remoteAddress: '127.0.0.1' });
const env = { INKLING_TRUST_PROXY: '127.0.0.1' };

test('a visit survives a server restart (session cache rebuilt from the store)', async () => {
  const dataDir = tmpDir();
  const clock = testClock(Date.parse('2026-06-15T10:00:00Z'));
  try {
    const first = await makeApp({ sites: ['example.com'], dataDir, clock, env, keepDir: true });
    await first.app.inject(hit('/one'));
    await first.close();
    clock.advance(10 * 60_000);
    const second = await makeApp({ dataDir, clock, env, keepDir: true });
    await second.app.inject(hit('/two'));
    await second.flush();
    const rows = await second.db.all<{ session_id: bigint; visitor_id: bigint }>('SELECT session_id, visitor_id FROM events ORDER BY id');
    await second.close();
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.session_id, rows[1]?.session_id);
    assert.equal(rows[0]?.visitor_id, rows[1]?.visitor_id);
  } finally {
    removeDir(dataDir);
  }
});

test('midnight: the visit continues, the next day is a new visitor, old salts are deleted', async () => {
  const clock = testClock(Date.parse('2026-06-15T23:59:00Z'));
  const t = await makeApp({ sites: ['example.com'], clock, env });
  try {
    await t.app.inject(hit('/before-midnight'));
    clock.set(Date.parse('2026-06-16T00:01:00Z'));
    await t.app.inject(hit('/after-midnight'));
    clock.set(Date.parse('2026-06-16T12:00:00Z'));
    await t.app.inject(hit('/next-visit'));
    clock.set(Date.parse('2026-06-17T12:00:00Z'));
    await t.app.inject(hit('/two-days-later'));
    await t.flush();
    const rows = await t.db.all<{ pathname: string; session_id: bigint; visitor_id: bigint }>('SELECT pathname, session_id, visitor_id FROM events ORDER BY id');
    const [before, after, next, later] = rows;
    assert.equal(before?.session_id, after?.session_id, 'visit continues across midnight');
    assert.equal(before?.visitor_id, after?.visitor_id, 'continuing visit keeps its visitor id');
    assert.notEqual(next?.visitor_id, before?.visitor_id, 'a new day is a new visitor id');
    assert.notEqual(later?.visitor_id, next?.visitor_id);
    // Salts are persisted in the background; give that a moment.
    await new Promise((r) => setTimeout(r, 100));
    const days = (await t.db.all<{ day: string }>('SELECT CAST(day AS VARCHAR) AS day FROM salts ORDER BY day')).map((r) => r.day);
    assert.deepEqual(days, ['2026-06-16', '2026-06-17']);
  } finally {
    await t.close();
  }
});
