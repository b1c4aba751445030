// Admin read of stored events (the basis of `inkling export`): flushes first so the answer is complete.
import type { AdminContext, AdminOps } from './ops.ts';
import type { Row } from '../store/duckdb.ts';

export const EVENT_COLUMNS_SQL = `id, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts, site, name, visitor_id, session_id,
  hostname, pathname, title, referrer, source, channel, utm_source, utm_medium, utm_campaign, utm_content, utm_term,
  country, region, city, browser, browser_version, os, os_version, device, screen_width, screen_height,
  CAST(to_json(props) AS VARCHAR) AS props, CAST(revenue AS DOUBLE) AS revenue, scroll_depth, engaged_ms`;

export function eventOps(ctx: AdminContext): AdminOps {
  return {
    'events.list': async (args) => {
      await ctx.flush?.();
      const site = typeof args.site === 'string' ? args.site : null;
      const rows = await ctx.db.all(
        `SELECT ${EVENT_COLUMNS_SQL} FROM events WHERE (? IS NULL OR site = ?) ORDER BY id`,
        [site, site],
      );
      return rows.map(parseProps);
    },
  };
}

function parseProps(row: Row): Row {
  return { ...row, props: typeof row.props === 'string' ? (JSON.parse(row.props) as unknown) : null };
}
