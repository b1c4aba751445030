// `inkling user add|list` on the file and through a running server, and the setup URL a fresh
// `inkling serve` prints (and stops printing once a user exists).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeUserCommand } from '../../src/cli/user.ts';
import { runCommand } from '../helpers/cli.ts';
import { startServer } from '../helpers/server.ts';
import { request } from '../helpers/http.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

async function run(args: string[], password = 'from stdin password') {
  const result = await runCommand(makeUserCommand(async () => password), args);
  return { ...result, out: result.out.split('\n') };
}

async function signIn(url: string, email: string, password: string): Promise<number> {
  const res = await request(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return res.status;
}

test('user add without a server: on the file, a generated password printed once; list', async () => {
  const dir = tmpDir();
  try {
    const added = await run(['add', 'Boss@Example.com', '--role', 'owner', '--data', dir]);
    assert.equal(added.code, 0, added.err);
    assert.equal(added.out[0], 'Added boss@example.com (owner)');
    const password = /: (\S+)$/.exec(added.out[1]!)![1]!;
    assert.ok(password.length >= 20);
    assert.equal((await run(['add', 'boss@example.com', '--data', dir])).code, 1, 'no duplicates');
    assert.equal((await run(['add', 'x@example.com', '--role', 'king', '--data', dir])).code, 1);
    assert.equal((await run(['add', 'weak@example.com', '--password-stdin', '--data', dir], 'short')).code, 1);
    const listed = await run(['list', '--data', dir]);
    assert.match(listed.out.join('\n'), /boss@example\.com\towner/);
    assert.equal((await run(['nonsense', '--data', dir])).code, 2);

    const server = await startServer({ dataDir: dir, keepDir: true });
    try {
      assert.doesNotMatch(server.output(), /setup#token=/, 'no setup link once a user exists');
      assert.equal(await signIn(server.url, 'boss@example.com', password), 200);
    } finally {
      await server.close();
    }
  } finally {
    removeDir(dir);
  }
});

test('a fresh server prints the one-time setup URL; user add works through the running server', async () => {
  const server = await startServer();
  try {
    const line = server.output().split('\n').find((l) => l.includes('setup#token='));
    assert.ok(line, 'the setup URL is printed');
    assert.match(line!, /No account yet: create the owner at http:\/\/localhost:\d+\/setup#token=[A-Za-z0-9_-]{32} \(the link works once\)/);
    const added = await run(['add', 'viewer@example.com', '--password-stdin', '--data', server.dataDir]);
    assert.equal(added.code, 0, added.err);
    assert.equal(added.out.length, 1, 'no generated password with --password-stdin');
    assert.equal(await signIn(server.url, 'viewer@example.com', 'from stdin password'), 200);
    assert.doesNotMatch(server.output(), /from stdin password/, 'the password is never logged');
  } finally {
    await server.close();
  }
});
