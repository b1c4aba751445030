// The account security primitives without HTTP: scrypt parameters and per-user salts, TOTP
// against RFC 6238's vectors, the login backoff, the one-time setup gate, the secret file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword, passwordProblem, SCRYPT_PARAMS, verifyPassword } from '../../src/auth/password.ts';
import { base32Decode, totpCode, totpStep } from '../../src/auth/totp.ts';
import { Throttle } from '../../src/auth/throttle.ts';
import { SetupGate } from '../../src/auth/setup-gate.ts';
import { loadOrCreateSecret, SECRET_FILE } from '../../src/auth/secret.ts';
import { issueGrant, verifyGrant } from '../../src/auth/principal.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

test('password hashes: scrypt N=2^15 r=8 p=1, 16-byte random salt per hash, 64-byte key', async () => {
  assert.deepEqual(SCRYPT_PARAMS, { N: 32_768, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });
  const a = await hashPassword('correct horse battery staple');
  const b = await hashPassword('correct horse battery staple');
  const [scheme, n, r, p, salt, key] = a.split('$');
  assert.deepEqual([scheme, n, r, p], ['scrypt', '32768', '8', '1']);
  assert.equal(Buffer.from(salt!, 'base64url').length, 16);
  assert.equal(Buffer.from(key!, 'base64url').length, 64);
  assert.notEqual(a, b, 'the same password hashes differently for each user');
  assert.equal(await verifyPassword('correct horse battery staple', a), true);
  assert.equal(await verifyPassword('correct horse battery stapler', a), false);
  assert.equal(await verifyPassword('x', 'md5$abc'), false);
  assert.equal(passwordProblem('short'), 'password: at least 10 characters');
  assert.equal(passwordProblem('long enough'), null);
});

test('TOTP: RFC 6238 SHA-1 vectors, base32, and a one-step window', () => {
  const secret = Buffer.from('12345678901234567890');
  const vectors: Array<[number, string]> = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
  for (const [seconds, code] of vectors) assert.equal(totpCode(secret, seconds * 1000, 8), code, `T=${seconds}`);
  const b32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.deepEqual(base32Decode(b32), secret);
  const now = 1_700_000_000_000;
  assert.equal(totpStep(b32, totpCode(secret, now), now), Math.floor(now / 30_000));
  assert.equal(totpStep(b32, totpCode(secret, now - 30_000), now), Math.floor(now / 30_000) - 1, 'the previous step');
  assert.equal(totpStep(b32, totpCode(secret, now + 30_000), now), Math.floor(now / 30_000) + 1, 'the next step');
  assert.equal(totpStep(b32, ` ${totpCode(secret, now)} `, now), Math.floor(now / 30_000), 'spaces around the code');
  assert.equal(totpStep(b32, totpCode(secret, now - 90_000), now), null, 'three steps ago');
  assert.equal(totpStep(b32, 'abcdef', now), null);
  assert.equal(totpStep(b32, undefined, now), null);
});

test('throttle: free attempts, then a doubling wait, capped; success forgets', () => {
  const throttle = new Throttle({ free: 2, baseMs: 1000, maxMs: 4000 });
  const t0 = 1_000_000;
  throttle.fail('k', t0);
  assert.equal(throttle.waitMs('k', t0), 0);
  throttle.fail('k', t0);
  assert.equal(throttle.waitMs('k', t0), 1000);
  throttle.fail('k', t0 + 1000);
  assert.equal(throttle.waitMs('k', t0 + 1000), 2000);
  throttle.fail('k', t0 + 3000);
  throttle.fail('k', t0 + 7000);
  assert.equal(throttle.waitMs('k', t0 + 7000), 4000, 'capped');
  assert.equal(throttle.waitMs('other', t0), 0);
  throttle.succeed('k');
  assert.equal(throttle.waitMs('k', t0 + 7000), 0);
});

test('setup gate: one token, good once', () => {
  const { gate, token } = SetupGate.open();
  assert.match(token, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(gate.consume('wrong'), false);
  assert.equal(gate.consume(token), true);
  assert.equal(gate.consume(token), false);
  assert.equal(SetupGate.closed().consume(token), false);
});

test('secret: 32 random bytes in a 0600 file, reused on the next start', () => {
  const dir = tmpDir();
  try {
    const first = loadOrCreateSecret(dir);
    assert.equal(first.length, 32);
    assert.equal(fs.statSync(path.join(dir, SECRET_FILE)).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateSecret(dir), first);
    const grant = issueGrant(first, 's_1', 1000);
    assert.equal(verifyGrant(first, 's_1', grant, 2000), true);
    assert.equal(verifyGrant(first, 's_2', grant, 2000), false, 'bound to its share');
    assert.equal(verifyGrant(Buffer.alloc(32), 's_1', grant, 2000), false, 'bound to this server');
    assert.equal(verifyGrant(first, 's_1', grant, 1000 + 13 * 3_600_000), false, 'expires');
  } finally {
    removeDir(dir);
  }
});
