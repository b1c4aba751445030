// The reference implementation: the query semantics (SEMANTICS.md) over a plain array of events,
// written to be obviously right rather than fast. The property test holds the SQL to it.
import type { Event } from '../../src/event.ts';
import { comparisonRange, resolveDateRange, type RangeContext, type ResolvedRange } from '../../src/query/date-range.ts';
import { ApiError } from '../../src/errors.ts';
import { addGoalCounts, metricChange, roundMetric, isNullableMetric } from '../../src/query/metrics.ts';
import { checkGoalFilters, completesGoal, goalsNamed } from '../../src/query/goals.ts';
import type { GoalSpec } from '../../src/store/goal-store.ts';
import { isPropDimension, isTimeDimension, propKey, timeUnitOf, type Dimension, type Filter, type Metric, type Query, type TimeDimension } from '../../src/query/model.ts';
import { effectiveOrder } from '../../src/query/order.ts';
import { queryToJson } from '../../src/query/query-schema.ts';
import { timeLabel, timeLabels } from '../../src/query/time-labels.ts';
import { goalFilterIndexes, isGoalDimension, zeroFills } from '../../src/query/validate.ts';
import type { Label, QueryResult, RawRow, ResultRow } from '../../src/query/present.ts';

export interface ReferenceSite {
  domain: string;
  tz: string;
  goals?: GoalSpec[];
}

interface Visit {
  start: number;
  first: Event;
  entryPage: string | null;
  exitPage: string | null;
  pageviews: number;
  events: number;
  bounce: boolean;
  durationMs: number;
}

const byTsThenId = (a: Event, b: Event) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function buildVisits(events: Event[]): Map<bigint, Visit> {
  const bySession = new Map<bigint, Event[]>();
  for (const e of events) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
  const visits = new Map<bigint, Visit>();
  for (const [id, list] of bySession) {
    list.sort(byTsThenId);
    const pages = list.filter((e) => e.name === 'pageview');
    const bounce = list.length === 1 && pages.length === 1;
    visits.set(id, {
      start: list[0]!.ts, first: list[0]!, entryPage: pages[0]?.pathname ?? null, exitPage: pages.at(-1)?.pathname ?? null,
      pageviews: pages.length, events: list.length, bounce, durationMs: list.at(-1)!.ts - list[0]!.ts,
    });
  }
  return visits;
}

/**
 * Every label of a dimension for an event: one, except for event:goal (each goal the event
 * completes) and event:prop_key (each property key it carries), which may give none or several.
 */
function labels(d: Dimension, e: Event, v: Visit | undefined, tz: string, timeOf: number, goals: readonly GoalSpec[]): Label[] {
  if (d === 'event:goal') return e.name === 'engagement' ? [] : goals.filter((g) => completesGoal(g, e)).map((g) => g.name);
  if (d === 'event:prop_key') return e.props ? Object.keys(e.props) : [];
  return [label(d, e, v, tz, timeOf)];
}

/** Every combination of one label per dimension. */
function combinations(lists: Label[][]): Label[][] {
  return lists.reduce<Label[][]>((acc, list) => acc.flatMap((prefix) => list.map((l) => [...prefix, l])), [[]]);
}

/** The label of a dimension for an event (and its visit; undefined when it has none). */
function label(d: Dimension, e: Event, v: Visit | undefined, tz: string, timeOf: number): Label {
  if (isPropDimension(d)) return e.props && Object.hasOwn(e.props, propKey(d)) ? e.props[propKey(d)]! : null;
  if (isTimeDimension(d)) return timeLabel(timeUnitOf(d), timeOf, tz);
  if (d === 'event:page') return e.pathname;
  if (d === 'event:hostname') return e.hostname;
  if (d === 'event:name') return e.name;
  if (!v) return null;
  const f = v.first;
  const values: Record<string, Label> = {
    'visit:entry_page': v.entryPage, 'visit:exit_page': v.exitPage, 'visit:source': f.source, 'visit:referrer': f.referrer,
    'visit:channel': f.channel, 'visit:utm_source': f.utmSource, 'visit:utm_medium': f.utmMedium, 'visit:utm_campaign': f.utmCampaign,
    'visit:utm_content': f.utmContent, 'visit:utm_term': f.utmTerm, 'visit:country': f.country, 'visit:region': f.region,
    'visit:city': f.city, 'visit:browser': f.browser, 'visit:browser_version': f.browserVersion, 'visit:os': f.os,
    'visit:os_version': f.osVersion, 'visit:device': f.device,
    'visit:screen': f.screenWidth === null || f.screenHeight === null ? null : `${f.screenWidth}x${f.screenHeight}`,
  };
  return values[d] ?? null;
}

/** What a filter can ask about one event row. */
interface RowView {
  event: Event;
  labelOf: (d: Dimension) => Label;
  goals: readonly GoalSpec[];
  /** Whether the row's visit has an event (in the range) matching the filter. */
  visitHasDone: (f: Filter) => boolean;
}

function matches(f: Filter, row: RowView): boolean {
  switch (f.op) {
    case 'and': return f.filters.every((c) => matches(c, row));
    case 'or': return f.filters.some((c) => matches(c, row));
    case 'not': return !matches(f.filter, row);
    case 'has_done': return row.visitHasDone(f.filter);
    case 'has_not_done': return !row.visitHasDone(f.filter);
    default: {
      if (f.dimension === 'event:goal') {
        const done = row.event.name !== 'engagement' && goalsNamed(row.goals, f.values).some((g) => completesGoal(g, row.event));
        return f.op === 'is' ? done : !done;
      }
      if (f.dimension === 'event:prop_key') {
        const has = f.values.some((k) => row.event.props !== null && Object.hasOwn(row.event.props, k));
        return f.op === 'is' ? has : !has;
      }
      const x = row.labelOf(f.dimension);
      const any = (test: (v: string) => boolean) => x !== null && f.values.some(test);
      if (f.op === 'is') return any((v) => x === v);
      if (f.op === 'is_not') return !any((v) => x === v);
      if (f.op === 'contains') return any((v) => x!.includes(v));
      if (f.op === 'contains_not') return !any((v) => x!.includes(v));
      if (f.op === 'matches') return any((v) => new RegExp(v).test(x!));
      return !any((v) => new RegExp(v).test(x!));
    }
  }
}

interface Group {
  dimensions: Label[];
  visitors: Set<bigint>; pageviews: number; events: number; revenueUnits: number; revenueCount: number;
  visits: Map<bigint, Visit>;
  engagedMs: number; engagedVisitors: Set<bigint>;
  scroll: Map<string, number>;
}

function newGroup(dimensions: Label[]): Group {
  return { dimensions, visitors: new Set(), pageviews: 0, events: 0, revenueUnits: 0, revenueCount: 0, visits: new Map(), engagedMs: 0, engagedVisitors: new Set(), scroll: new Map() };
}

/** The row view of an event: its labels, the site's goals, and its visit's behaviour. */
function rowView(e: Event, v: Visit | undefined, tz: string, goals: readonly GoalSpec[], visitEvents: Map<bigint, Event[]>, visits: Map<bigint, Visit>): RowView {
  return {
    event: e, goals,
    labelOf: (d) => label(d, e, v, tz, e.ts),
    // Behaviour filters look at the visit's (non-engagement) events; their filters hold only
    // event dimensions, so each event is judged on its own.
    visitHasDone: (f) => (visitEvents.get(e.sessionId) ?? []).some((o) => matches(f, rowView(o, visits.get(o.sessionId), tz, goals, visitEvents, visits))),
  };
}

/** All groups of one range, unordered, with unrounded SQL-level metrics. */
function groupsFor(events: Event[], q: Query, site: { tz: string; goals: readonly GoalSpec[] }, r: ResolvedRange, metrics: Metric[]): RawRow[] {
  const { tz, goals } = site;
  const inRange = events.filter((e) => e.site === q.site && e.ts >= r.start && e.ts < r.end);
  const visitEvents = new Map<bigint, Event[]>();
  for (const e of inRange) if (e.name !== 'engagement') visitEvents.set(e.sessionId, [...(visitEvents.get(e.sessionId) ?? []), e]);
  const visits = buildVisits(inRange.filter((e) => e.name !== 'engagement'));
  const groups = new Map<string, Group>();
  const groupOf = (dims: Label[]) => {
    const key = JSON.stringify(dims);
    if (!groups.has(key)) groups.set(key, newGroup(dims));
    return groups.get(key)!;
  };
  const wants = (...ms: Metric[]) => ms.some((m) => metrics.includes(m));
  if (q.dimensions.length === 0) groupOf([]);
  for (const e of inRange) {
    const v = visits.get(e.sessionId);
    const row = rowView(e, v, tz, goals, visitEvents, visits);
    if (!q.filters.every((f) => matches(f, row))) continue;
    for (const dims of combinations(q.dimensions.map((d) => labels(d, e, v, tz, e.ts, goals)))) {
      addEvent(groupOf, e, v, dims, q, tz, wants);
    }
  }
  return [...groups.values()].map((g) => ({ dimensions: g.dimensions, values: values(g) }));
}

/** Adds one event (in one combination of its groups) to the groups' tallies. */
function addEvent(groupOf: (dims: Label[]) => Group, e: Event, v: Visit | undefined, dims: Label[], q: Query, tz: string, wants: (...ms: Metric[]) => boolean): void {
  if (e.name === 'engagement') {
    if (e.engagedMs !== null && wants('time_on_page')) {
      const g = groupOf(dims);
      g.engagedMs += e.engagedMs;
      g.engagedVisitors.add(e.visitorId);
    }
    if (e.scrollDepth !== null && wants('scroll_depth')) {
      const g = groupOf(dims);
      const k = JSON.stringify([String(e.visitorId), e.pathname]);
      g.scroll.set(k, Math.max(g.scroll.get(k) ?? 0, e.scrollDepth));
    }
    return;
  }
  if (wants('visitors', 'pageviews', 'events', 'total_revenue', 'average_revenue', 'percentage', 'conversion_rate', 'conversions', 'converted_visitors')) {
    const g = groupOf(dims);
    g.visitors.add(e.visitorId);
    g.events += 1;
    if (e.name === 'pageview') g.pageviews += 1;
    if (e.revenue !== null) {
      g.revenueUnits += Math.round(e.revenue * 10_000);
      g.revenueCount += 1;
    }
  }
  if (wants('visits', 'views_per_visit', 'bounce_rate', 'visit_duration')) {
    // Visits are bucketed in time by their start.
    groupOf(q.dimensions.map((d, i) => (isTimeDimension(d) ? label(d, e, v, tz, v!.start) : dims[i]!))).visits.set(e.sessionId, v!);
  }
}

function values(g: Group): Partial<Record<Metric, number | null>> {
  const vs = [...g.visits.values()];
  const n = vs.length;
  const sum = (f: (v: Visit) => number) => vs.reduce((a, v) => a + f(v), 0);
  const scroll = [...g.scroll.values()];
  return {
    visitors: g.visitors.size, pageviews: g.pageviews, events: g.events,
    total_revenue: g.revenueCount ? g.revenueUnits / 10_000 : null,
    average_revenue: g.revenueCount ? g.revenueUnits / 10_000 / g.revenueCount : null,
    visits: n,
    views_per_visit: n ? sum((v) => v.pageviews) / n : 0,
    bounce_rate: n ? (sum((v) => (v.bounce ? 1 : 0)) * 100) / n : 0,
    visit_duration: n ? sum((v) => v.durationMs) / n / 1000 : 0,
    time_on_page: g.engagedVisitors.size ? g.engagedMs / g.engagedVisitors.size / 1000 : null,
    scroll_depth: scroll.length ? scroll.reduce((a, b) => a + b, 0) / scroll.length : null,
  };
}

/** Groups with derived metrics, in the query's complete order, not paginated. */
export function referenceRows(events: Event[], q: Query, site: { tz: string; goals: readonly GoalSpec[] }, r: ResolvedRange): RawRow[] {
  const rows = groupsFor(events, q, site, r, q.metrics);
  if (q.metrics.includes('percentage')) {
    const total = groupsFor(events, { ...q, dimensions: [] }, site, r, ['visitors'])[0]!.values.visitors ?? 0;
    for (const row of rows) row.values.percentage = total > 0 ? ((row.values.visitors ?? 0) * 100) / total : 0;
  }
  if (q.metrics.includes('conversion_rate')) {
    const goals = goalFilterIndexes(q.filters);
    const kept = q.dimensions.flatMap((d, i) => (isGoalDimension(d) ? [] : [i]));
    const base = { ...q, filters: q.filters.filter((_, i) => !goals.includes(i)), dimensions: kept.map((i) => q.dimensions[i]!) };
    const denominators = new Map(groupsFor(events, base, site, r, ['visitors']).map((g) => [JSON.stringify(g.dimensions), g.values.visitors ?? 0]));
    for (const row of rows) {
      const all = denominators.get(JSON.stringify(kept.map((i) => row.dimensions[i]))) ?? 0;
      row.values.conversion_rate = all > 0 ? ((row.values.visitors ?? 0) * 100) / all : 0;
    }
  }
  addGoalCounts(q.metrics, rows);
  return rows.sort(compareBy(q));
}

function compareBy(q: Query): (a: RawRow, b: RawRow) => number {
  const order = effectiveOrder(q.metrics, q.dimensions, q.orderBy);
  return (a, b) => {
    for (const o of order) {
      const i = q.dimensions.indexOf(o.key as Dimension);
      const x = i >= 0 ? a.dimensions[i]! : fill(o.key as Metric, a.values[o.key as Metric]);
      const y = i >= 0 ? b.dimensions[i]! : fill(o.key as Metric, b.values[o.key as Metric]);
      const c = compareValues(x, y, o.direction === 'asc' ? 1 : -1);
      if (c !== 0) return c;
    }
    return 0;
  };
}

function fill(m: Metric, v: number | null | undefined): number | null {
  return v ?? (isNullableMetric(m) ? null : 0);
}

/** NULLs last in both directions; strings by UTF-8 bytes, as the engine compares them. */
function compareValues(x: string | number | null, y: string | number | null, sign: number): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  if (typeof x === 'number' && typeof y === 'number') return sign * (x - y === 0 ? 0 : x < y ? -1 : 1);
  return sign * Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
}

/** The whole query, answered from the event array. */
export function referenceQuery(events: Event[], sites: ReferenceSite[], q: Query, now: number): QueryResult {
  const site = sites.find((s) => s.domain === q.site);
  if (!site) throw new ApiError('site_not_found', `site_id: no site "${q.site}"`);
  const own = events.filter((e) => e.site === q.site);
  const ctx: RangeContext = { tz: site.tz, now, date: q.date, firstEventMs: own.length ? Math.min(...own.map((e) => e.ts)) : null };
  const range = resolveDateRange(q.dateRange, ctx);
  const goals = site.goals ?? [];
  checkGoalFilters(q.filters, goals);
  const t = q.dimensions.findIndex(isTimeDimension);
  const labelsOf = (r: ResolvedRange) => (t < 0 ? [] : timeLabels(timeUnitOf(q.dimensions[t] as TimeDimension), r.start, r.end, site.tz));
  let all = referenceRows(events, q, { tz: site.tz, goals }, range);
  if (zeroFills(q)) all = labelsOf(range).map((l) => all.find((r) => r.dimensions[0] === l) ?? { dimensions: [l], values: {} });
  const shown = all.slice(q.offset, q.offset + q.limit);
  const present = (r: RawRow | undefined) => q.metrics.map((m) => roundMetric(m, fill(m, r?.values[m])));
  const results: ResultRow[] = shown.map((r) => ({ dimensions: r.dimensions, metrics: present(r) }));
  const meta: QueryResult['meta'] = {};
  if (q.include.timeLabels && t >= 0) meta.time_labels = labelsOf(range);
  if (q.include.totalRows) meta.total_rows = all.length;
  if (q.include.comparison) {
    const cr = comparisonRange(range, q.include.comparison, ctx);
    const compRows = referenceRows(events, q, { tz: site.tz, goals }, cr);
    const [labels, compLabels] = [labelsOf(range), labelsOf(cr)];
    for (const row of results) {
      const dims = row.dimensions.map((d, i) => (i === t ? (compLabels[labels.indexOf(d!)] ?? null) : d));
      const match = compRows.find((c) => JSON.stringify(c.dimensions) === JSON.stringify(dims));
      const metrics = present(match);
      row.comparison = { dimensions: dims, metrics, change: q.metrics.map((m, i) => metricChange(m, row.metrics[i]!, metrics[i]!)) };
    }
    meta.comparison_date_range = [new Date(cr.start).toISOString(), new Date(cr.end).toISOString()];
  }
  return { results, meta, query: { ...queryToJson(q), date_range: [new Date(range.start).toISOString(), new Date(range.end).toISOString()] } };
}
