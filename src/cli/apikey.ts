// `inkling apikey create|list|revoke`: stats API keys. The key is printed once; only its hash is
// stored. Runs through the server's admin channel when one is running, else on the file.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runAdminOp } from '../admin/admin-session.ts';
import type { ApiKeyInfo } from '../store/api-keys.ts';
import type { Command } from './command.ts';

const USAGE = `inkling apikey create [--name NAME] [--rate REQUESTS_PER_MINUTE] [--data ./data]
inkling apikey list [--data ./data]
inkling apikey revoke <id> [--data ./data]`;

export const apikeyCommand: Command = {
  name: 'apikey',
  summary: 'Create, list or revoke stats API keys',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { name: { type: 'string' }, rate: { type: 'string' }, data: { type: 'string' } }, allowPositionals: true });
    const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
    const [action, id] = positionals;
    if (action === 'create' && positionals.length === 1) {
      const rate = values.rate === undefined ? undefined : Number(values.rate);
      const key = (await runAdminOp(config, 'apikey.create', { name: values.name ?? 'default', ...(rate === undefined ? {} : { ratePerMinute: rate }) })) as ApiKeyInfo & { key: string };
      io.out(key.key);
      io.err(`Created API key ${key.id} ("${key.name}", ${key.ratePerMinute} requests/minute). It is shown only this once: store it now.`);
      io.err(`Use it as: Authorization: Bearer ${key.prefix}...`);
      return 0;
    }
    if (action === 'list' && positionals.length === 1) {
      const keys = (await runAdminOp(config, 'apikey.list')) as ApiKeyInfo[];
      if (keys.length === 0) io.out('No API keys. Create one with: npx inkling apikey create --name NAME');
      for (const k of keys) io.out([k.id, k.name, `${k.prefix}...`, `${k.ratePerMinute}/min`, `by ${k.creator}`, k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active'].join('\t'));
      return 0;
    }
    if (action === 'revoke' && id !== undefined && positionals.length === 2) {
      await runAdminOp(config, 'apikey.revoke', { id });
      io.out(`Revoked ${id}`);
      return 0;
    }
    io.err(`Usage:\n${USAGE}`);
    return 2;
  },
};
