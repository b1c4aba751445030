// The funnel reference: the funnel semantics (SEMANTICS.md, Funnels) over a plain event array,
// by trying every start and matching greedily; the property test holds the SQL to it.
import type { Event } from '../../src/event.ts';
import type { ResolvedRange } from '../../src/query/date-range.ts';
import { completesGoal } from '../../src/query/goals.ts';
import type { GoalSpec } from '../../src/store/goal-store.ts';
import type { FunnelQuery } from '../../src/query/funnel.ts';
import { referenceRows } from './reference.ts';
import type { Query } from '../../src/query/model.ts';

const byTsThenId = (a: Event, b: Event) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Visitors (each visit's first event's visitor id) reaching each step. */
export function referenceFunnelCounts(events: Event[], q: FunnelQuery, site: { tz: string; goals: readonly GoalSpec[] }, r: ResolvedRange): number[] {
  const chosen = chosenSessions(events, q, site, r);
  const bySession = new Map<bigint, Event[]>();
  for (const e of events) {
    if (e.site !== q.site || e.ts < r.start || e.ts >= r.end || e.name === 'engagement' || !chosen.has(e.sessionId)) continue;
    bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
  }
  const best = new Map<bigint, number>();
  for (const list of bySession.values()) {
    list.sort(byTsThenId);
    const visitor = list[0]!.visitorId;
    best.set(visitor, Math.max(best.get(visitor) ?? 0, furthestStep(list, q.steps, q.windowSeconds)));
  }
  return q.steps.map((_, i) => [...best.values()].filter((reached) => reached > i).length);
}

/** The most steps one visit's ordered events complete, over every step-1 event as a start. */
function furthestStep(list: Event[], steps: readonly GoalSpec[], windowSeconds: number | null): number {
  let most = 0;
  list.forEach((start, s) => {
    if (!completesGoal(steps[0]!, start)) return;
    let reached = 1;
    for (let i = s + 1; i < list.length && reached < steps.length; i++) {
      const e = list[i]!;
      if (windowSeconds !== null && e.ts - start.ts > windowSeconds * 1000) break;
      if (completesGoal(steps[reached]!, e)) reached += 1;
    }
    most = Math.max(most, reached);
  });
  return most;
}

/** Sessions with at least one in-range event matching the filters (the stats query's own rule). */
function chosenSessions(events: Event[], q: FunnelQuery, site: { tz: string; goals: readonly GoalSpec[] }, r: ResolvedRange): Set<bigint> {
  const own = events.filter((e) => e.site === q.site && e.ts >= r.start && e.ts < r.end && e.name !== 'engagement');
  if (q.filters.length === 0) return new Set(own.map((e) => e.sessionId));
  // Each session alone: does the stats reference find any matching event in it?
  const chosen = new Set<bigint>();
  for (const id of new Set(own.map((e) => e.sessionId))) {
    const query: Query = {
      site: q.site, dateRange: 'all', date: null, metrics: ['events'], dimensions: [], filters: q.filters, orderBy: [],
      include: { totalRows: false, timeLabels: false, comparison: null }, limit: 1, offset: 0,
    };
    const rows = referenceRows(own.filter((e) => e.sessionId === id), query, site, r);
    if ((rows[0]?.values.events ?? 0) > 0) chosen.add(id);
  }
  return chosen;
}
