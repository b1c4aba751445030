// The admin operations behind `inkling audit` while a server holds the database: its tables
// scanned by value, and the users' own addresses (not findings).
import { accountEmails, scanTables } from '../maintenance/audit-store.ts';
import type { AdminContext, AdminOps } from './ops.ts';

export function auditOps(ctx: AdminContext): AdminOps {
  return {
    'audit.store': async (args) => {
      await ctx.flush?.();
      return scanTables((sql, params) => ctx.db.all(sql, params), String(args.label ?? 'database'));
    },
    'audit.accounts': async () => [...(await accountEmails((sql, params) => ctx.db.all(sql, params)))],
  };
}
