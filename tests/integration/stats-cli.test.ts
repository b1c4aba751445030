// `inkling apikey create|list|revoke` on a data directory: the key is printed once, only its
// SHA-256 is stored, it opens the stats API, and a revoked key no longer does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { apikeyCommand } from '../../src/cli/apikey.ts';
import type { CommandIo } from '../../src/cli/command.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { makeApp } from '../helpers/app.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  const code = await apikeyCommand.run(args, io);
  return { code, out, err };
}

async function statsStatus(dataDir: string, key: string): Promise<number> {
  const t = await makeApp({ dataDir, keepDir: true, sites: ['example.com'] });
  try {
    const res = await t.app.inject({ method: 'POST', url: '/api/v2/query', headers: { authorization: `Bearer ${key}` }, payload: { site_id: 'example.com', date_range: '7d', metrics: ['visitors'] } });
    return res.statusCode;
  } finally {
    await t.close();
  }
}

test('apikey create prints the key once, stores only its hash; list and revoke', async () => {
  const dir = tmpDir();
  try {
    const created = await cli(['create', '--name', 'ci dashboard', '--data', dir]);
    assert.equal(created.code, 0, created.err.join('\n'));
    assert.equal(created.out.length, 1, 'stdout is just the key');
    const key = created.out[0]!;
    assert.match(key, /^ink_[A-Za-z0-9_-]{43}$/);

    const db = await openDuckDb(path.join(dir, 'inkling.duckdb'));
    const rows = await db.all<Record<string, unknown>>('SELECT * FROM api_keys');
    await db.close();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.key_hash, createHash('sha256').update(key).digest('hex'));
    assert.ok(!JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(key), 'the key itself is never stored');

    const listed = await cli(['list', '--data', dir]);
    assert.equal(listed.code, 0);
    const id = String(rows[0]!.id);
    assert.match(listed.out[0]!, new RegExp(`^${id}\\tci dashboard\\tink_.{6}\\.\\.\\.\\t600/min\\t.*\\tactive$`));
    assert.ok(!listed.out.join('\n').includes(key));

    assert.equal(await statsStatus(dir, key), 200);
    const revoked = await cli(['revoke', id, '--data', dir]);
    assert.equal(revoked.code, 0);
    assert.equal(await statsStatus(dir, key), 401);
    await assert.rejects(cli(['revoke', id, '--data', dir]), /no active API key/);
    assert.equal((await cli(['frobnicate', '--data', dir])).code, 2);
  } finally {
    removeDir(dir);
  }
});
