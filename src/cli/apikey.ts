// `inkling apikey create|list|revoke`: stats API keys. The key is printed once; only its hash is
// stored. Runs through the server's admin channel when one is running, else on the file.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { callAdmin, isServing, socketPath } from '../admin/channel.ts';
import { AdminError } from '../admin/ops.ts';
import { DB_FILE } from '../admin/client.ts';
import { apiKeyOps, type ApiKeyInfo } from '../api/api-keys.ts';
import { openDuckDb, type Db } from '../store/duckdb.ts';
import { prepareDataDir } from '../store/data-dir.ts';
import type { Command } from './command.ts';

export type RunKeyOp = (dataDir: string, op: string, args: Record<string, unknown>) => Promise<unknown>;

/** The running server does it (it owns the file); with none, open the file here. */
export function keyOpRunner(openDb: (file: string) => Promise<Db> = openDuckDb): RunKeyOp {
  return async (dataDir, op, args) => {
    if (await isServing(socketPath(dataDir))) return callAdmin(dataDir, op, args);
    prepareDataDir(dataDir);
    const db = await openDb(path.join(dataDir, DB_FILE));
    try {
      const run = apiKeyOps({ db })[op];
      if (!run) throw new AdminError(`unknown operation "${op}"`);
      return JSON.parse(JSON.stringify(await run(args)));
    } finally {
      await db.close();
    }
  };
}

const USAGE = `inkling apikey create [--name NAME] [--rate REQUESTS_PER_MINUTE] [--data ./data]
inkling apikey list [--data ./data]
inkling apikey revoke <id> [--data ./data]`;

export function makeApikeyCommand(runOp: RunKeyOp = keyOpRunner()): Command {
  return {
    name: 'apikey',
    summary: 'Create, list or revoke stats API keys',
    usage: USAGE,
    async run(argv, io) {
      const { values, positionals } = parseArgs({ args: argv, options: { name: { type: 'string' }, rate: { type: 'string' }, data: { type: 'string' } }, allowPositionals: true });
      const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
      const [action, id] = positionals;
      if (action === 'create' && positionals.length === 1) {
        const rate = values.rate === undefined ? undefined : Number(values.rate);
        const key = (await runOp(config.dataDir, 'apikey.create', { name: values.name ?? 'default', ...(rate === undefined ? {} : { ratePerMinute: rate }) })) as ApiKeyInfo & { key: string };
        io.out(key.key);
        io.err(`Created API key ${key.id} ("${key.name}", ${key.ratePerMinute} requests/minute). It is shown only this once: store it now.`);
        io.err(`Use it as: Authorization: Bearer ${key.prefix}...`);
        return 0;
      }
      if (action === 'list' && positionals.length === 1) {
        const keys = (await runOp(config.dataDir, 'apikey.list', {})) as ApiKeyInfo[];
        if (keys.length === 0) io.out('No API keys. Create one with: npx inkling apikey create --name NAME');
        for (const k of keys) io.out([k.id, k.name, `${k.prefix}...`, `${k.ratePerMinute}/min`, `by ${k.creator}`, k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active'].join('\t'));
        return 0;
      }
      if (action === 'revoke' && id !== undefined && positionals.length === 2) {
        await runOp(config.dataDir, 'apikey.revoke', { id });
        io.out(`Revoked ${id}`);
        return 0;
      }
      io.err(`Usage:\n${USAGE}`);
      return 2;
    },
  };
}

export const apikeyCommand: Command = makeApikeyCommand();
