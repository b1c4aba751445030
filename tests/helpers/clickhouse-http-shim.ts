// A ClickHouse HTTP endpoint backed by the in-process chdb engine, for the tests that need real
// Inkling processes talking to one events store over HTTP through @clickhouse/client (there is
// no ClickHouse server here). It speaks the small part of ClickHouse's HTTP interface the client
// uses: the statement in the body (or, for an INSERT, in `query` with the rows as the body),
// `param_<name>` bound values and `database`; settings in the URL are the engine's already.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'chdb';
import { CLICKHOUSE_IO_SETTINGS, CLICKHOUSE_QUERY_SETTINGS } from '../../src/store/clickhouse.ts';

export interface ClickHouseShim {
  url: string;
  /** Rows of a query run straight on the engine (JSONEachRow objects). */
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** The client escapes bound values like TSV fields (formatQueryParams); the engine binds raw values. */
function unescapeParam(value: string): string {
  const escapes: Record<string, string> = { t: '\t', n: '\n', r: '\r', 0: '\0', b: '\b', f: '\f' };
  return value.replace(/\\(.)/g, (_m, c: string) => escapes[c] ?? c);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startClickHouseShim(dir: string): Promise<ClickHouseShim> {
  const settings = Object.entries({ ...CLICKHOUSE_QUERY_SETTINGS, ...CLICKHOUSE_IO_SETTINGS }).map(([k, v]) => `--${k}=${v}`);
  const session = new Session(dir, { connectionArgs: settings });
  // One engine session: statements from every process run one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const execute = async (params: URLSearchParams, body: string): Promise<string> => {
    const database = params.get('database');
    if (database) await session.queryAsync(`USE ${database.replace(/[^\w]/g, '')}`).catch(() => undefined);
    const inline = params.get('query');
    const sql = inline ? `${inline}\n${body}` : body;
    const bound: Record<string, string> = {};
    for (const [key, value] of params) if (key.startsWith('param_')) bound[key.slice('param_'.length)] = unescapeParam(value);
    return (await session.queryBindAsync(sql, bound)).text();
  };

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const params = new URL(request.url ?? '/', 'http://shim').searchParams;
    void readBody(request)
      .then((body) => serial(() => execute(params, body)))
      .then(
        (text) => response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Code: 1. DB::Exception: ${(error as Error).message}`),
      );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    query: async <T>(sql: string) => {
      const text = await serial(async () => (await session.queryAsync(sql, { format: 'JSONEachRow' })).text());
      return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      session.close();
    },
  };
}
