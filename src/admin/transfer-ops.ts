// Admin operations behind `inkling export` and `inkling import`: paged reads of a site's events,
// and imported events or hits, enqueued through the server's writer.
import { randomUUID } from 'node:crypto';
import { AdminError } from '../lib/admin-error.ts';
import type { AdminContext, AdminOps } from './ops.ts';
import { EXPORT_SELECT } from '../store/event-sql.ts';
import type { Event } from '../event.ts';
import type { RequestFacts, WireEvent } from '../ingest/types.ts';
import { isDrop } from '../ingest/drop.ts';
import { newHit, runPipeline, type PipelineDeps } from '../ingest/pipeline.ts';
import { toEvent } from '../ingest/event.ts';
import { Lru } from '../ingest/enrich/lru.ts';
import { SiteRegistry } from '../sites/registry.ts';
import { listSites } from '../store/app-data.ts';
import { knownSite } from '../maintenance/retention.ts';
import { eventFromRow, RowError } from '../transfer/event-row.ts';
import { createImportPipelineDeps } from '../transfer/import-pipeline.ts';
import type { Counts } from '../transfer/import.ts';

const MAX_PAGE = 10_000;

export function transferOps(ctx: AdminContext): AdminOps {
  // Identity state of the imports in progress, so one import's batches share visits.
  const imports = new Lru<string, PipelineDeps>(8);
  return {
    'events.count': async (args) => {
      checkEventsInDuckDb(ctx);
      await ctx.flush?.();
      const site = await knownSite(ctx.db, String(args.site ?? ''));
      const [row] = await ctx.db.all<{ n: bigint }>('SELECT count(*) AS n FROM events WHERE site = ?', [site]);
      return Number(row?.n ?? 0n);
    },
    'events.page': async (args) => {
      checkEventsInDuckDb(ctx);
      const site = await knownSite(ctx.db, String(args.site ?? ''));
      const after = /^\d{1,20}$/.test(String(args.afterId)) ? BigInt(String(args.afterId)) : 0n;
      const limit = Math.min(MAX_PAGE, Math.max(1, Number(args.limit) || MAX_PAGE));
      const rows = await ctx.db.all(`SELECT ${EXPORT_SELECT} FROM events WHERE site = ? AND id > ? ORDER BY id LIMIT ${limit}`, [site, after]);
      return rows.map((row) => ({ ...row, props: typeof row.props === 'string' ? (JSON.parse(row.props) as unknown) : null }));
    },
    'import.start': async (args) => {
      const id = randomUUID();
      const sites = ctx.sites ?? new SiteRegistry(await listSites(ctx.db));
      imports.set(id, createImportPipelineDeps({
        sites, geoipFile: optionalString(args.geoipFile), spamReferrersFile: optionalString(args.spamReferrersFile), rateLimit: String(args.rateLimit ?? 'off'),
      }));
      return { importId: id };
    },
    'import.hits': async (args) => {
      const deps = imports.get(String(args.importId));
      if (!deps) throw new AdminError('unknown or expired import; start it again');
      const hits = Array.isArray(args.hits) ? (args.hits as Array<{ wire: WireEvent; facts: RequestFacts }>) : [];
      const counts: Counts = {};
      const accepted: Array<Omit<Event, 'id'>> = [];
      for (const { wire, facts } of hits) {
        const result = runPipeline(newHit(wire, facts), deps);
        if (isDrop(result)) count(counts, result.drop);
        else accepted.push(toEvent(result));
      }
      return merge(counts, await enqueueAll(ctx, accepted));
    },
    'import.events': async (args) => {
      const site = await knownSite(ctx.db, String(args.site ?? ''));
      const rows = Array.isArray(args.rows) ? (args.rows as Array<Record<string, unknown>>) : [];
      const counts: Counts = {};
      const events: Array<Omit<Event, 'id'>> = [];
      for (const row of rows) {
        try {
          events.push(eventFromRow(row, site));
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          count(counts, `invalid row: ${error.message}`);
        }
      }
      return merge(counts, await enqueueAll(ctx, events));
    },
    'import.end': async (args) => {
      imports.delete(String(args.importId));
      await ctx.flush?.();
      return true;
    },
  };
}

/** Exports page through the DuckDB events table; events in ClickHouse are not in it. */
function checkEventsInDuckDb(ctx: AdminContext): void {
  if (ctx.events.engine !== 'duckdb') {
    throw new AdminError('events are in ClickHouse, which `inkling export` does not read; export them there (clickhouse-client --query "SELECT * FROM events FORMAT CSVWithNames")');
  }
}

/** One spool write for the whole batch (group commit); a full spool is counted, never hidden. */
async function enqueueAll(ctx: AdminContext, events: Array<Omit<Event, 'id'>>): Promise<Counts> {
  if (!ctx.enqueue) throw new AdminError('imports need the writer; this operation cannot run here');
  const enqueue = ctx.enqueue;
  const results = await Promise.all(events.map((event) => enqueue(event)));
  const counts: Counts = {};
  for (const ok of results) count(counts, ok ? 'imported' : 'spool_full');
  return counts;
}

function count(counts: Counts, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

function merge(a: Counts, b: Counts): Counts {
  for (const [key, n] of Object.entries(b)) count(a, key, n);
  return a;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
