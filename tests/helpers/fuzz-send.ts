// Sends a fuzzed request: through node's http client when it can carry it, else as raw bytes on a socket.
import http from 'node:http';
import net from 'node:net';
import type { RequestSpec } from './fuzz-requests.ts';

export interface FuzzAnswer {
  /** 0 when the server closed the connection without an answer (allowed only for malformed bytes). */
  status: number;
  dropped: string | undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

export async function sendSpec(base: URL, spec: RequestSpec): Promise<FuzzAnswer> {
  if (!spec.raw) {
    try {
      const answer = await viaHttp(base, spec, agent);
      // A reset on a kept-alive socket can be the server closing it after the previous answer: retry fresh.
      return answer.status === 0 ? await viaHttp(base, spec, false) : answer;
    } catch (error) {
      // Node refuses to send some bytes; the wire can still carry them.
      if (!/ERR_INVALID_CHAR|ERR_UNESCAPED_CHARACTERS|ERR_INVALID_HTTP_TOKEN|ERR_HTTP_INVALID_HEADER_VALUE/.test(String((error as NodeJS.ErrnoException).code))) throw error;
    }
  }
  return viaSocket(base, spec);
}

function viaHttp(base: URL, spec: RequestSpec, via: http.Agent | false): Promise<FuzzAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of spec.headers) headers[name] = value;
    const req = http.request({ host: base.hostname, port: base.port, method: spec.method, path: spec.target, headers, agent: via }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, dropped: header(res.headers['x-inkling-dropped']) }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }) => {
      // A server that answers early (431, 400) may reset the connection while the body is still going out.
      if (['ECONNRESET', 'EPIPE'].includes(error.code ?? '')) return resolve({ status: 0, dropped: undefined });
      // Node's early error answers carry a body even for HEAD, which the client then fails to parse.
      const status = /^HTTP\/1\.1 (\d{3})/.exec(error.rawPacket?.toString('latin1') ?? '')?.[1];
      if (error.code?.startsWith('HPE_') && status !== undefined) return resolve({ status: Number(status), dropped: undefined });
      reject(error);
    });
    req.end(spec.body ?? undefined);
  });
}

function viaSocket(base: URL, spec: RequestSpec): Promise<FuzzAnswer> {
  const head = [`${spec.method} ${spec.target} HTTP/1.1`, `Host: ${base.host}`, 'Connection: close', ...spec.headers.map(([n, v]) => `${n}: ${v}`)];
  if (spec.body !== null && !spec.headers.some(([n]) => /^(content-length|transfer-encoding)$/i.test(n))) head.push(`Content-Length: ${spec.body.length}`);
  const bytes = Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), spec.body ?? Buffer.alloc(0)]);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname, () => socket.end(bytes));
    let text = '';
    socket.setEncoding('latin1');
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer within 30 s')));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, dropped: /\r\nx-inkling-dropped: ([^\r]*)/i.exec(text)?.[1] });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (['ECONNRESET', 'EPIPE'].includes(error.code ?? '') ? undefined : reject(error)));
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
