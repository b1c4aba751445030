// Findings 11 and 15: --public-url and --metrics-port are validated at start; `inkling snippet`
// points at the public URL; Host values are parsed strictly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { snippetCommand } from '../../src/cli/snippet.ts';
import { isAllowedHost, parseHost } from '../../src/api/host-check.ts';
import { runCommand } from '../helpers/cli.ts';

test('finding 15: --public-url takes an absolute http(s) URL with no path, kept as its origin', () => {
  assert.equal(loadConfig([], {}).publicUrl, null);
  assert.equal(loadConfig(['--public-url', 'https://stats.example.com'], {}).publicUrl, 'https://stats.example.com');
  assert.equal(loadConfig([], { INKLING_PUBLIC_URL: ' https://Stats.Example.com/ ' }).publicUrl, 'https://stats.example.com');
  assert.equal(loadConfig([], { INKLING_PUBLIC_URL: 'http://10.0.0.5:8000' }).publicUrl, 'http://10.0.0.5:8000');
  assert.equal(loadConfig([], { INKLING_PUBLIC_URL: 'https://stats.example.com:443/' }).publicUrl, 'https://stats.example.com');
  for (const bad of ['stats.example.com', '/stats', 'ftp://stats.example.com', 'https://stats.example.com/stats', 'https://x.example/?a=1', 'https://x.example/#f', 'https://user:pw@x.example', 'https://']) {
    assert.throws(() => loadConfig(['--public-url', bad], {}), (error: unknown) => error instanceof ConfigError && error.message.includes('--public-url'), bad);
  }
});

test('finding 11: --metrics-port is a port other than --port', () => {
  assert.equal(loadConfig([], {}).metricsPort, null);
  assert.equal(loadConfig(['--metrics-port', '9100'], {}).metricsPort, 9100);
  assert.equal(loadConfig([], { INKLING_METRICS_PORT: '9100' }).metricsPort, 9100);
  assert.throws(() => loadConfig(['--metrics-port', 'x'], {}), /--metrics-port/);
  assert.throws(() => loadConfig(['--port', '9100', '--metrics-port', '9100'], {}), /must differ from --port/);
});

test('finding 15: inkling snippet uses the public URL when no --url is given', async () => {
  const fromEnv = await runCommand(snippetCommand, ['example.com'], { INKLING_PUBLIC_URL: 'https://stats.example.com' });
  assert.equal(fromEnv.code, 0, fromEnv.err);
  assert.match(fromEnv.out, /src="https:\/\/stats\.example\.com\/js\/script\.v\d+\.js"/);
  assert.match(fromEnv.out, /src="https:\/\/stats\.example\.com\/pixel\.gif\?d=example\.com"/);
  const fromFlag = await runCommand(snippetCommand, ['example.com', '--public-url', 'https://a.example'], {});
  assert.match(fromFlag.out, /src="https:\/\/a\.example\/js\/script/);
  const urlWins = await runCommand(snippetCommand, ['example.com', '--url', 'https://b.example/stats'], { INKLING_PUBLIC_URL: 'https://stats.example.com' });
  assert.match(urlWins.out, /src="https:\/\/b\.example\/stats\/js\/script/);
});

test('finding 15: Host values are parsed strictly; loopback names always pass', () => {
  assert.deepEqual(parseHost('Stats.Example.com.:443'), { name: 'stats.example.com', port: '443' });
  assert.deepEqual(parseHost('[::1]:8000'), { name: '[::1]', port: '8000' });
  for (const bad of [undefined, '', 'a b', 'x@y', 'x:', 'x:123456', '::1', 'x/y']) assert.equal(parseHost(bad), null, String(bad));
  assert.equal(isAllowedHost('127.0.0.2:8000', null), true);
  assert.equal(isAllowedHost('stats.example.com', null), false);
  assert.equal(isAllowedHost('stats.example.com', 'https://stats.example.com'), true);
  assert.equal(isAllowedHost('stats.example.com:80', 'https://stats.example.com'), false);
  assert.equal(isAllowedHost('stats.example.com:80', 'http://stats.example.com'), true);
});
