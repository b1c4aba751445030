// The data directory and everything Inkling writes are private to its user: 0700 directories,
// 0600 files (the database holds password hashes and TOTP secrets), also for backups and
// exports written elsewhere, for installs upgraded from 0755/0644, and for the admin socket.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer } from '../helpers/server.ts';
import { request } from '../helpers/http.ts';
import { eventBody } from '../helpers/traffic.ts';
import { runCommand } from '../helpers/cli.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { backupCommand } from '../../src/cli/backup.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { serveAdmin, socketPath } from '../../src/admin/channel.ts';
import { silentLogger } from '../../src/log.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/inkling.js');
// The usual default, so files made without an explicit mode come out 0644 here, as on a server.
process.umask(0o022);

const modeOf = (file: string) => (fs.lstatSync(file).mode & 0o777).toString(8);

/** Every directory and file under `dir` (the directory itself first) with its mode. */
function modesUnder(dir: string): Array<[string, string]> {
  const found: Array<[string, string]> = [[dir, modeOf(dir)]];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modesUnder(full));
    else found.push([full, modeOf(full)]);
  }
  return found;
}

function assertPrivate(dir: string): void {
  for (const [file, mode] of modesUnder(dir)) {
    const dirLike = fs.lstatSync(file).isDirectory();
    assert.equal(mode, dirLike ? '700' : '600', `${path.relative(dir, file) || '(data dir)'} is ${mode}`);
  }
}

test('finding 5: after start, ingest and stop, the data dir is 0700 and every file in it 0600, WAL and spool included', { timeout: 120_000 }, async () => {
  // site.add runs in this process (umask 022) before the server starts: the server must fix it.
  const server = await startServer({ sites: ['example.com'], keepDir: true });
  try {
    for (let i = 0; i < 20; i++) {
      const answer = await request(`${server.url}/api/event`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-forwarded-for': `8.8.8.${i}` }, body: eventBody(i, 'example.com') });
      assert.equal(answer.status, 202);
    }
    assert.ok((await server.events()).length > 0);
    // While it runs: the WAL, spool segments and admin.sock exist and are private too.
    assert.ok(fs.existsSync(path.join(server.dataDir, 'inkling.duckdb.wal')), 'a WAL exists while running');
    assertPrivate(server.dataDir);
    assert.equal(await server.stop(), 0);
    assertPrivate(server.dataDir);
  } finally {
    await server.kill();
    removeDir(server.dataDir);
  }
});

test('finding 5: an existing 0755 data dir with 0644 files is made private at start', { timeout: 120_000 }, async () => {
  const dataDir = tmpDir();
  fs.chmodSync(dataDir, 0o755);
  await (await openDuckDb(path.join(dataDir, 'inkling.duckdb'))).close();
  fs.mkdirSync(path.join(dataDir, 'spool'), { mode: 0o755 });
  fs.writeFileSync(path.join(dataDir, 'inkling.duckdb.pre-restore'), 'old', { mode: 0o644 });
  assert.equal(modeOf(path.join(dataDir, 'inkling.duckdb')), '644');
  const server = await startServer({ dataDir, keepDir: true });
  try {
    assertPrivate(dataDir);
  } finally {
    await server.kill();
    removeDir(dataDir);
  }
});

test('finding 5: a CLI command that makes the database leaves it 0600 (umask 077 for every command)', { timeout: 60_000 }, async () => {
  const dataDir = path.join(tmpDir(), 'fresh');
  try {
    await promisify(execFile)(process.execPath, [BIN, 'site', 'add', 'example.com', '--data', dataDir]);
    assert.ok(fs.existsSync(path.join(dataDir, 'inkling.duckdb')));
    assertPrivate(dataDir);
  } finally {
    removeDir(path.dirname(dataDir));
  }
});

test('finding 5: a backup and an export written outside the data dir are 0600', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  const outside = tmpDir();
  try {
    await runAdminOp(dataDir, 'site.add', { domain: 'example.com', timezone: 'UTC' });
    const backup = path.join(outside, 'inkling.backup');
    const backedUp = await runCommand(backupCommand, [backup, '--data', dataDir]);
    assert.equal(backedUp.code, 0, backedUp.err);
    assert.equal(modeOf(backup), '600');
    for (const format of ['csv', 'jsonl']) {
      const file = path.join(outside, `events.${format}`);
      const exported = await runCommand(exportCommand, ['example.com', '--format', format, '--out', file, '--data', dataDir]);
      assert.equal(exported.code, 0, exported.err);
      assert.equal(modeOf(file), '600', format);
    }
  } finally {
    removeDir(dataDir);
    removeDir(outside);
  }
});

test('finding 17: admin.sock is created 0600, with no chmod afterwards, and the umask is restored', async () => {
  const dataDir = tmpDir();
  const chmod = mock.method(fs, 'chmodSync');
  try {
    const admin = await serveAdmin(dataDir, {}, silentLogger);
    try {
      assert.equal(modeOf(socketPath(dataDir)), '600');
      assert.equal(chmod.mock.calls.filter((call) => call.arguments[0] === socketPath(dataDir)).length, 0, 'no window between bind and chmod');
      assert.equal(process.umask(0o022), 0o022, 'the process umask is back');
    } finally {
      await admin.close();
    }
  } finally {
    chmod.mock.restore();
    removeDir(dataDir);
  }
});
