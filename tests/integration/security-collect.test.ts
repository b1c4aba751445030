// Collect endpoints under abuse: the rate limit counts per address (finding 12), and a body over
// the limit is answered and the connection closed at once, not read to the end (finding 13).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { makeApp, type TestApp } from '../helpers/app.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const BODY_LIMIT = 65_536;
let t: TestApp;
let url: string;

before(async () => {
  t = await makeApp({ sites: ['example.com'], env: { INKLING_RATE_LIMIT: '5/10s', INKLING_BODY_LIMIT: String(BODY_LIMIT) } });
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => t.close());

test('finding 12: rotating the user agent from one address gets limited', async () => {
  let accepted = 0;
  for (let i = 0; i < 130; i++) {
    const answer = await t.app.inject({ url: `/pixel.gif?d=example.com&path=/rotate`, headers: { 'user-agent': `${UA} rotation/${i}` }, remoteAddress: '198.51.100.77' });
    assert.equal(answer.statusCode, 200);
    if (answer.headers['x-inkling-dropped'] === undefined) accepted++;
  }
  assert.equal(accepted, 25, 'five times the per-client burst of 5');
});

interface Streamed {
  status: number;
  headers: string;
  /** Body bytes written before the server closed the connection. */
  written: number;
  ms: number;
}

/** Streams `total` bytes of body in 64 KiB chunks, stopping when the server closes the connection. */
function streamBody(head: string, total: number): Promise<Streamed> {
  const { port } = new URL(url);
  const started = Date.now();
  const chunk = Buffer.alloc(65_536, 'a');
  return new Promise((resolve) => {
    let answer = '';
    let written = 0;
    let closed = false;
    const socket = net.connect(Number(port), '127.0.0.1');
    const finish = () => {
      if (closed) return;
      closed = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, headers: answer.split('\r\n\r\n')[0] ?? '', written, ms: Date.now() - started });
    };
    const pump = () => {
      while (!closed && written < total) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.setEncoding('latin1').on('data', (text: string) => (answer += text));
    socket.on('close', finish);
    socket.on('error', () => undefined);
  });
}

const ONE_HUNDRED_MB = 100 * 1024 * 1024;

for (const [name, framing] of [
  ['chunked, no length given', 'Transfer-Encoding: chunked'],
  ['with a Content-Length above the limit', `Content-Length: ${ONE_HUNDRED_MB}`],
] as const) {
  test(`finding 13: a huge streamed body (${name}) is refused quickly and no longer read`, async () => {
    // Chunked framing of one endless chunk: the server sees an ever-growing body.
    const chunked = framing.startsWith('Transfer');
    const head = `POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n${framing}\r\n\r\n${chunked ? `${ONE_HUNDRED_MB.toString(16)}\r\n` : ''}`;
    const answer = await streamBody(head, ONE_HUNDRED_MB);
    assert.equal(answer.status, 400);
    assert.match(answer.headers, /^connection: close$/im);
    assert.ok(answer.ms < 3000, `closed after ${answer.ms} ms`);
    assert.ok(answer.written < 20 * 1024 * 1024, `${answer.written} bytes written before the server closed the connection`);
  });
}

test('finding 13: a body within the limit is still accepted, over inject too', async () => {
  const ok = await t.app.inject({ method: 'POST', url: '/api/event', headers: { 'content-type': 'text/plain', 'user-agent': `${UA} small` }, payload: JSON.stringify({ n: 'pageview', u: 'https://example.com/small', d: 'example.com' }) });
  assert.equal(ok.statusCode, 202);
  const big = await t.app.inject({ method: 'POST', url: '/api/event', headers: { 'content-type': 'text/plain' }, payload: 'a'.repeat(BODY_LIMIT + 1) });
  assert.equal(big.statusCode, 400);
  assert.equal(big.json().error.code, 'body_too_large');
});
