// API key pieces without HTTP: the per-key token bucket and key creation with injected randomness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createApiKey, findKey, hashKey, listApiKeys, revokeApiKey } from '../../src/store/api-keys.ts';
import { ReaderRateLimiter } from '../../src/lib/reader-rate-limiter.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';

test('token bucket: a burst of `rate`, then one token per 60/rate seconds', () => {
  const limiter = new ReaderRateLimiter();
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('k', 3, t0), { ok: true });
  assert.deepEqual(limiter.take('k', 3, t0), { ok: false, retryAfterSeconds: 20 });
  assert.deepEqual(limiter.take('k', 3, t0 + 15_000), { ok: false, retryAfterSeconds: 5 });
  assert.deepEqual(limiter.take('k', 3, t0 + 20_000), { ok: true });
  assert.deepEqual(limiter.take('other', 3, t0), { ok: true }, 'buckets are per key');
  assert.deepEqual(limiter.take('k', 3, t0 + 3_600_000), { ok: true });
});

test('keys: shown once, stored as SHA-256, found by the secret, revocable', async () => {
  const db = await openDuckDb(':memory:');
  try {
    let n = 0;
    const randomBytes = (size: number) => Buffer.alloc(size, ++n);
    const created = await createApiKey(db, { name: 'ci', randomBytes });
    assert.equal(created.key, `ink_${Buffer.alloc(32, 1).toString('base64url')}`);
    assert.equal(created.id, 'k_020202020202');
    assert.equal(hashKey(created.key), createHash('sha256').update(created.key).digest('hex'));
    assert.deepEqual(await findKey(db, created.key), { id: created.id, ratePerMinute: 600, access: 'read', sites: null });
    assert.equal(await findKey(db, `${created.key}x`), null);
    assert.equal(await revokeApiKey(db, created.id), true);
    assert.equal(await revokeApiKey(db, created.id), false);
    assert.equal(await findKey(db, created.key), null);
    assert.ok((await listApiKeys(db))[0]!.revokedAt);
  } finally {
    await db.close();
  }
});
