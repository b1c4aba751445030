// Finding 16 end to end: a token fragment and an e-mail address in the referrer's path never reach
// storage, and `inkling audit` flags a planted e-mail address but not the instance's own accounts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { auditCommand } from '../../src/cli/audit.ts';
import { makeApp } from '../helpers/app.ts';
import { runCommand } from '../helpers/cli.ts';
import { removeDir } from '../helpers/tmp.ts';
import { USER_AGENTS } from '../helpers/traffic.ts';

test('finding 16: stored events keep hash routes and referrer hosts, not tokens or e-mail addresses; the audit looks for e-mail addresses', { timeout: 60_000 }, async () => {
  const t = await makeApp({ sites: ['example.com'], keepDir: true });
  try {
    const send = (body: Record<string, unknown>, ua: string) =>
      t.app.inject({ method: 'POST', url: '/api/event', headers: { 'content-type': 'text/plain', 'user-agent': ua }, payload: JSON.stringify({ n: 'pageview', d: 'example.com', h: 1, ...body }) });
    assert.equal((await send({ u: 'https://example.com/app#access_token=secret-token-123&token_type=bearer', r: 'https://mail.example.org/u/jane.doe@example.com/inbox?uid=9' }, USER_AGENTS[0]!)).statusCode, 202);
    assert.equal((await send({ u: 'https://example.com/#/pricing', r: 'https://crm.example.net/contacts/123e4567-e89b-12d3-a456-426614174000/orders/98765432' }, USER_AGENTS[1]!)).statusCode, 202);
    await t.admin['user.add']!({ email: 'owner@example.com', role: 'owner', password: 'a long enough passphrase 42' });
    await t.flush();
    const rows = await t.db.all<{ pathname: string; referrer: string }>('SELECT pathname, referrer FROM events ORDER BY id');
    assert.deepEqual(rows.map((r) => [r.pathname, r.referrer]), [
      ['/app', 'mail.example.org/u/:email/inbox'],
      ['/#/pricing', 'crm.example.net/contacts/:id/orders/:id'],
    ]);
  } finally {
    await t.close();
  }
  try {
    const clean = await runCommand(auditCommand, ['--data', t.dataDir]);
    assert.equal(clean.code, 0, `the owner's own address is not a finding:\n${clean.out}\n${clean.err}`);
    assert.match(clean.out, /^Clean: no IP address, user agent or e-mail address in /);
    fs.mkdirSync(path.join(t.dataDir, 'logs'));
    fs.writeFileSync(path.join(t.dataDir, 'logs', 'inkling.log'), `{"msg":"hit","referrer":"mail.example.org/u/jane.doe@example.com"}\n`);
    const planted = await runCommand(auditCommand, ['--data', t.dataDir]);
    assert.equal(planted.code, 1);
    assert.match(planted.out, /^email\tj…@e…\t.*logs\/inkling\.log @\d+$/m);
    assert.doesNotMatch(planted.out, /jane\.doe/, 'the audit does not print what it found');
  } finally {
    removeDir(t.dataDir);
  }
});
