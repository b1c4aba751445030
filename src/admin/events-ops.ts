// Admin read of stored events (the basis of `inkling export`): flushes first so the answer is complete.
import type { AdminContext, AdminOps } from './ops.ts';
import type { Row } from '../store/duckdb.ts';
import { EXPORT_SELECT } from '../store/event-sql.ts';

export function eventOps(ctx: AdminContext): AdminOps {
  return {
    'events.list': async (args) => {
      await ctx.flush?.();
      const site = typeof args.site === 'string' ? args.site : null;
      const rows = await ctx.db.all(
        `SELECT ${EXPORT_SELECT} FROM events WHERE (? IS NULL OR site = ?) ORDER BY id`,
        [site, site],
      );
      return rows.map(parseProps);
    },
  };
}

function parseProps(row: Row): Row {
  return { ...row, props: typeof row.props === 'string' ? (JSON.parse(row.props) as unknown) : null };
}
