// Abuse limits over real sockets and inject(): giant headers get 431 (never 500), slow clients
// are cut off, the rate limit drops a flooding client, and X-Forwarded-For is only believed from a trusted proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { request } from '../helpers/http.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
let t: TestApp;
let url: string;

before(async () => {
  t = await makeApp({ sites: ['example.com'], env: { INKLING_RATE_LIMIT: '5/10s' } });
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => t.close());

/** Writes raw bytes and collects everything the server sends until it closes the socket. */
function raw(bytes: string | Buffer, opts: { end?: boolean } = {}): Promise<{ text: string; ms: number }> {
  const { port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => (opts.end === false ? socket.write(bytes) : socket.end(bytes)));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve({ text, ms: Date.now() - started }) : reject(error)));
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

test('a giant header answers 431, and the server keeps answering', async () => {
  for (const headers of [`X-Big: ${'a'.repeat(20_000)}\r\n`, Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'b'.repeat(50)}\r\n`).join('')]) {
    const { text } = await raw(`GET /pixel.gif?d=example.com HTTP/1.1\r\nHost: x\r\n${headers}\r\n`);
    assert.equal(statusOf(text), 431);
  }
  const { text } = await raw(`GET /pixel.gif?d=example.com&path=${'p'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.equal(statusOf(text), 431, 'a giant request line too');
  assert.equal((await request(`${url}/healthz`)).status, 200);
});

test('malformed requests get 400, never 500', async () => {
  for (const bytes of [
    'GET /pixel.gif HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'GET /pixel.gif\x00 HTTP/1.1\r\nHost: x\r\n\r\n',
    Buffer.concat([Buffer.from('GET /pixel.gif?d=example.com HTTP/1.1\r\nHost: x\r\nUser-Agent: '), Buffer.from([0xff, 0xfe, 0x01]), Buffer.from('\r\n\r\n')]),
    'NONSENSE\r\n\r\n',
  ]) {
    const { text } = await raw(bytes);
    const status = statusOf(text);
    assert.ok(status === 400 || status === 0, `got ${status} for ${JSON.stringify(bytes.toString().slice(0, 60))}`);
  }
});

test('a client that never finishes its headers or its body is cut off', { timeout: 30_000 }, async () => {
  const [headers, body] = await Promise.all([
    raw('GET /pixel.gif HTTP/1.1\r\nHost: x\r\nX-Slow: ', { end: false }),
    raw('POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n{"n":', { end: false }),
  ]);
  assert.ok(headers.ms < 14_000, `headers timeout after ${headers.ms} ms`);
  assert.ok(body.ms < 19_000, `request timeout after ${body.ms} ms`);
  for (const { text } of [headers, body]) assert.ok([0, 408].includes(statusOf(text)), `answered ${statusOf(text)}`);
});

test('the rate limit drops a flooding client (IP plus UA) and leaves others alone', async () => {
  const hit = (ua: string, ip: string) => t.app.inject({ url: '/pixel.gif?d=example.com&path=/flood', headers: { 'user-agent': ua }, remoteAddress: ip });
  const answers = [];
  for (let i = 0; i < 8; i++) answers.push(await hit(`${UA} flood`, '198.51.100.9'));
  assert.deepEqual(answers.map((a) => a.headers['x-inkling-dropped'] ?? 'ok'), ['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited', 'rate_limited']);
  assert.ok(answers.every((a) => a.statusCode === 200 && a.rawPayload.length === 43), 'a limited hit still gets the GIF');
  assert.equal((await hit(`${UA} flood`, '198.51.100.10')).headers['x-inkling-dropped'], undefined, 'another IP');
  assert.equal((await hit(`${UA} other`, '198.51.100.9')).headers['x-inkling-dropped'], undefined, 'another UA');
  t.clock.advance(10_000);
  assert.equal((await hit(`${UA} flood`, '198.51.100.9')).headers['x-inkling-dropped'], undefined, 'refilled after the period');
  const metrics = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
  assert.match(metrics.body, /inkling_hits_dropped_total\{reason="rate_limited"\} 3/);
});

test('X-Forwarded-For from an untrusted peer is ignored; from a trusted proxy it is the client', async () => {
  const hit = (app: TestApp, xff: string, path: string) =>
    app.app.inject({ url: `/pixel.gif?d=example.com&path=${path}`, headers: { 'user-agent': `${UA} xff`, 'x-forwarded-for': xff }, remoteAddress: '198.51.100.50' });
  const rows = async (app: TestApp, prefix: string) => {
    await app.flush();
    return app.db.all<{ visitor_id: bigint; country: string | null }>(`SELECT visitor_id, country FROM events WHERE pathname LIKE '${prefix}%' ORDER BY id`);
  };
  // Untrusted: two "different" forwarded clients are one visitor from the peer's address, with no country.
  await hit(t, '81.2.69.142', '/untrusted-1');
  await hit(t, '133.242.0.3', '/untrusted-2');
  const untrusted = await rows(t, '/untrusted');
  assert.equal(untrusted.length, 2);
  assert.equal(untrusted[0]!.visitor_id, untrusted[1]!.visitor_id);
  assert.deepEqual(untrusted.map((r) => r.country), [null, null]);

  const proxied = await makeApp({ sites: ['example.com'], env: { INKLING_TRUST_PROXY: '198.51.100.0/24' } });
  try {
    await hit(proxied, '81.2.69.142', '/trusted-1');
    await hit(proxied, '133.242.0.3', '/trusted-2');
    const trusted = await rows(proxied, '/trusted');
    assert.notEqual(trusted[0]!.visitor_id, trusted[1]!.visitor_id);
    assert.deepEqual(trusted.map((r) => r.country), ['GB', 'JP']);
  } finally {
    await proxied.close();
  }
});
