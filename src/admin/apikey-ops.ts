// The admin operations behind `inkling apikey`: create (the key is returned once), list, revoke.
import { AdminError } from '../lib/admin-error.ts';
import { CLI_CREATOR, createApiKey, DEFAULT_RATE_PER_MINUTE, listApiKeys, revokeApiKey } from '../store/api-keys.ts';
import type { AdminContext, AdminOps } from './ops.ts';

/** Admin operations on keys, run by the server for the CLI (or by the CLI on the file). */
export function apiKeyOps(ctx: AdminContext): AdminOps {
  return {
    'apikey.create': async (args) => {
      const name = typeof args.name === 'string' && args.name.trim() ? args.name.trim().slice(0, 200) : 'default';
      const rate = args.ratePerMinute === undefined ? DEFAULT_RATE_PER_MINUTE : Number(args.ratePerMinute);
      if (!Number.isSafeInteger(rate) || rate < 1 || rate > 1_000_000) throw new AdminError('--rate must be an integer from 1 to 1000000 (requests per minute)');
      return createApiKey(ctx.db, { name, ratePerMinute: rate, createdBy: CLI_CREATOR });
    },
    'apikey.list': async () => listApiKeys(ctx.db),
    'apikey.revoke': async (args) => {
      const id = String(args.id ?? '');
      if (!(await revokeApiKey(ctx.db, id))) throw new AdminError(`no active API key with id "${id}" (see: npx inkling apikey list)`);
      return { id };
    },
  };
}
