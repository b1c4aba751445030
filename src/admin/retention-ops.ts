// The admin operations behind `inkling retention`: list, set (deleting what is past it at once), apply now.
import { AdminError } from '../lib/admin-error.ts';
import { applyRetention, knownSite, listRetention, MAX_RETENTION_DAYS } from '../maintenance/retention.ts';
import { EventsElsewhereError } from '../store/event-queries.ts';
import type { AdminContext, AdminOps } from './ops.ts';

export function retentionOps(ctx: AdminContext): AdminOps {
  return {
    'retention.list': async () => listRetention(ctx.db),
    'retention.set': async (args) => {
      const domain = await knownSite(ctx.db, String(args.domain ?? ''));
      const days = args.days === null ? null : Number(args.days);
      if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS)) {
        throw new AdminError(`retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or off`);
      }
      await ctx.db.run('UPDATE sites SET retention_days = $1 WHERE domain = $2', [days, domain]);
      try {
        const [result] = await applyRetention(ctx.db, ctx.events, Date.now(), domain);
        return { domain, days, deleted: result?.deleted ?? 0 };
      } catch (error) {
        // Saved; the nodes apply it in their daily run.
        if (error instanceof EventsElsewhereError) return { domain, days, deleted: null };
        throw error;
      }
    },
    'retention.apply': async () => applyRetention(ctx.db, ctx.events, Date.now()),
  };
}
