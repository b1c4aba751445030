// Plans one day of Plausible aggregates as visits: blocks of visits per source, each visit with a
// visitor, a pageview count and a duration, so every total of the day and of each source comes out exact.
import type { Row } from './plausible-read.ts';

export interface DayTotals {
  visitors: number;
  visits: number;
  pageviews: number;
  bounces: number;
  /** Sum of the visits' durations, seconds. */
  duration: number;
}

export interface Block extends DayTotals {
  /** The source row this block comes from; null for visits no source row accounts for (direct). */
  source: Row | null;
}

export interface PlannedVisit {
  block: Block;
  /** Index of the day's visitor (0 .. visitors-1). */
  visitor: number;
  pageviews: number;
  durationMs: number;
}

export const count = (value: string | undefined): number => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : 0);

export function totalsOf(row: Row): DayTotals {
  return { visitors: count(row.visitors), visits: count(row.visits), pageviews: count(row.pageviews), bounces: count(row.bounces), duration: count(row.visit_duration) };
}

/** One block per source row, plus a direct block for visits the rows leave out. */
export function sourceBlocks(sources: readonly Row[], day: DayTotals | null): Block[] {
  const blocks = sources.map((row) => normalize({ ...totalsOf(row), source: row }, day));
  if (day === null) return blocks;
  const sum = (key: keyof DayTotals) => blocks.reduce((a, b) => a + b[key], 0);
  const visits = day.visits - sum('visits');
  if (visits <= 0) return blocks;
  const rest = {
    visitors: Math.max(1, day.visitors - sum('visitors')), visits, pageviews: day.pageviews - sum('pageviews'),
    bounces: day.bounces - sum('bounces'), duration: Math.max(0, day.duration - sum('duration')), source: null,
  };
  return [...blocks, normalize(rest, day)];
}

/** Makes a block possible: 1 <= visitors <= visits <= pageviews; a visit that is not a bounce has >= 2 pageviews. */
function normalize(b: Block, day: DayTotals | null): Block {
  const visits = b.visits;
  // Older exports have no pageviews per source: use the day's pageviews per visit.
  const estimated = b.pageviews === 0 && day !== null && day.visits > 0 ? Math.round((visits * day.pageviews) / day.visits) : b.pageviews;
  const pageviews = Math.max(estimated, visits);
  // Pageviews beyond one a visit need a visit that is not a bounce to hold them.
  const bounces = Math.min(pageviews > visits ? visits - 1 : visits, Math.max(b.bounces, 2 * visits - pageviews, 0));
  return { ...b, visits, visitors: Math.min(visits, Math.max(visits > 0 ? 1 : 0, b.visitors)), pageviews, bounces };
}

/**
 * Lays out the blocks' visits. A block's visits cycle through its own run of visitor indexes, and
 * the runs wrap around the day's visitors: each source keeps its visitor count, the day keeps its own.
 */
export function planVisits(blocks: readonly Block[], dayVisitors: number): PlannedVisit[] {
  const visitors = Math.max(1, dayVisitors, ...blocks.map((b) => b.visitors));
  const planned: PlannedVisit[] = [];
  let offset = 0;
  for (const block of blocks) {
    const long = block.visits - block.bounces;
    const extra = block.pageviews - block.bounces - 2 * long;
    const durationMs = long > 0 ? Math.round((block.duration * 1000) / long) : 0;
    let longIndex = 0;
    for (let j = 0; j < block.visits; j++) {
      // Bounces spread evenly through the block rather than bunched at its start.
      const bounce = Math.floor(((j + 1) * block.bounces) / block.visits) > Math.floor((j * block.bounces) / block.visits);
      const share = bounce ? 0 : Math.floor(((longIndex + 1) * extra) / long) - Math.floor((longIndex * extra) / long);
      if (!bounce) longIndex++;
      planned.push({ block, visitor: (offset + (j % block.visitors)) % visitors, pageviews: bounce ? 1 : 2 + share, durationMs: bounce ? 0 : durationMs });
    }
    offset += block.visitors;
  }
  return planned;
}
