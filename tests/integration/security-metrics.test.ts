// Finding 11: /metrics behind a reverse proxy on the same host. The proxy connects from loopback,
// so a forwarding header (or a Host that is not a loopback name: DNS rebinding) means someone
// else is asking. With --metrics-port the metrics leave the main port for one of their own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { startServer } from '../helpers/server.ts';
import { request } from '../helpers/http.ts';

let t: TestApp;
before(async () => {
  t = await makeApp();
});
after(() => t.close());

const metrics = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') => t.app.inject({ url: '/metrics', remoteAddress, headers });

test('finding 11: a loopback peer that sent X-Forwarded-For, Forwarded or X-Real-IP gets no metrics', async () => {
  assert.equal((await metrics()).statusCode, 200, 'a direct loopback scrape still works');
  for (const [name, value] of [['x-forwarded-for', '203.0.113.9'], ['forwarded', 'for=203.0.113.9'], ['x-real-ip', '203.0.113.9'], ['x-forwarded-for', '127.0.0.1']]) {
    const res = await metrics({ [name!]: value! });
    assert.equal(res.statusCode, 403, `${name}: ${value}`);
    assert.equal(res.json().error.code, 'forbidden');
  }
  assert.equal((await metrics({}, '::ffff:127.0.0.1')).statusCode, 200);
  assert.equal((await metrics({}, '198.51.100.4')).statusCode, 403);
});

test('finding 11: a loopback peer asking by another name (DNS rebinding) gets no metrics', async () => {
  for (const host of ['localhost', 'localhost:8000', '127.0.0.1:8000', '[::1]:8000', 'LOCALHOST.']) assert.equal((await metrics({ host })).statusCode, 200, host);
  for (const host of ['evil.example:8000', 'evil.example', '127.0.0.1.evil.example', 'localhost.evil.example']) assert.equal((await metrics({ host })).statusCode, 403, host);
});

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('finding 11: with --metrics-port, /metrics is served on that port only, by the same rules', async () => {
  const inProcess = await makeApp({ env: { INKLING_METRICS_PORT: '9100' } });
  try {
    assert.equal((await inProcess.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 404, 'not on the main port');
  } finally {
    await inProcess.close();
  }
  const port = await freePort();
  const server = await startServer({ args: ['--metrics-port', String(port)] });
  try {
    const base = `http://127.0.0.1:${port}`;
    assert.match(server.output(), new RegExp(`Metrics on ${base}/metrics only`));
    const scraped = await request(`${base}/metrics`);
    assert.equal(scraped.status, 200);
    assert.match(scraped.body.toString(), /inkling_hits_accepted_total \d+/);
    assert.equal((await request(`${server.url}/metrics`)).status, 404, 'the main port no longer serves them');
    assert.equal((await request(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 403);
    assert.equal((await request(`${base}/metrics`, { headers: { host: `evil.example:${port}` } })).status, 403);
    assert.equal((await request(`${base}/api/sites`)).status, 404, 'nothing else on the metrics port');
    assert.equal((await request(`${server.url}/healthz`)).status, 200);
  } finally {
    await server.close();
  }
});
