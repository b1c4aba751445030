// `inkling site add|list|remove` works with no server (opens the file) and with one (admin socket).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startServer } from '../helpers/server.ts';
import { request } from '../helpers/http.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/inkling.js');
const run = promisify(execFile);

async function inkling(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

test('inkling --help lists the commands', async () => {
  const { code, out } = await inkling('--help');
  assert.equal(code, 0);
  for (const name of ['serve', 'site']) assert.match(out, new RegExp(`^  ${name}\\b`, 'm'));
});

test('site commands without a running server', { timeout: 60_000 }, async () => {
  const data = tmpDir();
  try {
    assert.match((await inkling('site', 'add', 'WWW.Example.com', '--timezone', 'Europe/Berlin', '--data', data)).out, /Added example\.com \(time zone Europe\/Berlin\)/);
    assert.match((await inkling('site', 'list', '--data', data)).out, /^example\.com\tEurope\/Berlin$/m);
    const bad = await inkling('site', 'add', 'not a domain', '--data', data);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /is not a domain name/);
    const badZone = await inkling('site', 'add', 'a.com', '--timezone', "UTC'; DROP TABLE sites;--", '--data', data);
    assert.match(badZone.err, /is not an IANA time zone/);
    assert.match((await inkling('site', 'remove', 'example.com', '--data', data)).out, /Removed example\.com and its 0 events/);
    assert.match((await inkling('site', 'list', '--data', data)).out, /No sites yet/);
  } finally {
    removeDir(data);
  }
});

test('site commands while a server runs go through the admin socket and take effect at once', { timeout: 60_000 }, async () => {
  const server = await startServer();
  try {
    const before = await request(`${server.url}/pixel.gif?d=live.example&path=/`);
    assert.equal(before.headers['x-inkling-dropped'], 'unknown_site');
    assert.match((await inkling('site', 'add', 'live.example', '--data', server.dataDir)).out, /Added live\.example/);
    const after = await request(`${server.url}/pixel.gif?d=live.example&path=/`, { headers: { 'user-agent': 'Mozilla/5.0 Firefox/125.0' } });
    assert.equal(after.headers['x-inkling-dropped'], undefined);
    assert.match((await inkling('site', 'list', '--data', server.dataDir)).out, /^live\.example\tUTC$/m);
    assert.match((await inkling('site', 'remove', 'live.example', '--data', server.dataDir)).out, /Removed live\.example and its 1 events/);
    const gone = await request(`${server.url}/pixel.gif?d=live.example&path=/`);
    assert.equal(gone.headers['x-inkling-dropped'], 'unknown_site');
  } finally {
    await server.close();
  }
});

test('a bad config value fails at start with a message naming it', async () => {
  const { code, err } = await inkling('serve', '--port', 'eighty');
  assert.equal(code, 2);
  assert.match(err, /Invalid --port value "eighty": expected a whole number/);
});
