// The local admin channel: a Unix socket in the data dir (mode 0600) speaking one JSON line each way.
// DuckDB lets one process write the file, so the CLI asks the running server instead of opening it.
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { AdminError } from '../lib/admin-error.ts';
import type { AdminOps } from './ops.ts';
import type { Logger } from '../log.ts';

/** Leaves 0600 of a socket's 0777. */
const SOCKET_UMASK = 0o177;

export function socketPath(dataDir: string): string {
  return path.join(dataDir, 'admin.sock');
}

export interface AdminServer {
  close(): Promise<void>;
}

export async function serveAdmin(dataDir: string, ops: AdminOps, log: Logger): Promise<AdminServer> {
  const file = socketPath(dataDir);
  if (await isServing(file)) throw new Error(`another Inkling server is running on ${dataDir}`);
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => handleConnection(socket, ops, log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // bind() makes the socket file with the umask, inside listen() itself: 0600 from its first
    // moment, where a chmod afterwards would leave a window for another user to connect.
    const umask = process.umask(SOCKET_UMASK);
    try {
      server.listen(file, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  return {
    close: () => new Promise<void>((resolve) => server.close(() => (fs.rmSync(file, { force: true }), resolve()))),
  };
}

function handleConnection(socket: net.Socket, ops: AdminOps, log: Logger): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    const newline = buffer.indexOf('\n');
    if (newline === -1) return;
    const line = buffer.slice(0, newline);
    buffer = '';
    void answer(line, ops, log).then((reply) => socket.end(JSON.stringify(reply, bigintAsString) + '\n'));
  });
  socket.on('error', () => socket.destroy());
}

async function answer(line: string, ops: AdminOps, log: Logger): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
  try {
    const request = JSON.parse(line) as { op?: unknown; args?: unknown };
    const op = typeof request.op === 'string' && Object.hasOwn(ops, request.op) ? ops[request.op] : undefined;
    if (!op) return { ok: false, error: `unknown admin operation ${JSON.stringify(request.op)}` };
    const args = typeof request.args === 'object' && request.args !== null ? (request.args as Record<string, unknown>) : {};
    return { ok: true, result: await op(args) };
  } catch (error) {
    if (error instanceof AdminError) return { ok: false, error: error.message };
    log.error('admin operation failed', { name: (error as Error).name });
    return { ok: false, error: 'the operation failed; see the server log' };
  }
}

const bigintAsString = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** True when a server answers on the socket (a stale file left by a crash is not one). */
export function isServing(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!fs.existsSync(file)) return resolve(false);
    const socket = net.connect(file);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Sends one operation to the running server. BigInts travel as strings. */
export function callAdmin(dataDir: string, op: string, args: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath(dataDir));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify({ op, args }) + '\n'));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        const parsed = JSON.parse(reply) as { ok: boolean; result?: unknown; error?: string };
        if (parsed.ok) resolve(parsed.result);
        else reject(new AdminError(parsed.error ?? 'admin operation failed'));
      } catch {
        reject(new Error('the server closed the admin channel without an answer'));
      }
    });
  });
}
