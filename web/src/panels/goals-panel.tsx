// The Goals card: each goal of the site with its converted visitors, conversions, conversion
// rate and revenue over the dashboard's period and filters; admins manage goals from here.
import { useEffect, useState } from 'preact/hooks';
import { GoalManager } from '../components/goal-manager.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../components/states.tsx';
import { formatRate, formatRevenue, formatVisitors } from '../lib/goal-format.ts';
import { listGoals, type Goal } from '../lib/goals-api.ts';
import { base } from '../lib/queries.ts';
import type { DashState } from '../lib/url-state.ts';
import { useLoader, useQuery } from '../lib/use-query.ts';

const METRICS = ['converted_visitors', 'conversions', 'conversion_rate', 'total_revenue'];
const MAX_GOALS = 50;

interface Props {
  site: string;
  state: DashState;
  tick: number;
  canAdmin: boolean;
  /** Bumped when goals change, so every view of them reloads. */
  goalsVersion: number;
  onGoalsChanged: () => void;
}

export function GoalsPanel({ site, state, tick, canAdmin, goalsVersion, onGoalsChanged }: Props) {
  const [managing, setManaging] = useState(false);
  const goals = useLoader(`goals:${site}:${goalsVersion}`, () => listGoals(site));
  const hasGoals = (goals.data?.length ?? 0) > 0;
  const body = hasGoals ? { ...base(site, state), metrics: METRICS, dimensions: ['event:goal'], order_by: [['converted_visitors', 'desc']] as [string, 'desc'][], pagination: { limit: MAX_GOALS } } : null;
  // A changed goal list asks again past the cache (the query body itself stays the same).
  const stats = useQuery(body, { tick: tick + goalsVersion });
  useEffect(() => setManaging((m) => m || (goals.data !== null && !hasGoals && canAdmin)), [goals.data]);
  const currency = (name: string | null) => goals.data?.find((g) => g.name === name)?.currency ?? null;

  let content;
  if (goals.error) content = <ErrorState error={goals.error} onRetry={goals.retry} compact />;
  else if (!goals.data) content = <SkeletonRows rows={3} />;
  else if (!hasGoals) content = <EmptyState text={canAdmin ? 'No goals yet: add one below.' : 'This site has no goals yet.'} />;
  else if (stats.error && !stats.data) content = <ErrorState error={stats.error} onRetry={stats.retry} compact />;
  else if (!stats.data) content = <SkeletonRows rows={3} />;
  else content = <GoalTable goals={goals.data} rows={stats.data.results.map((r) => ({ name: r.dimensions[0] ?? null, values: r.metrics }))} currency={currency} />;

  return (
    <section class="card panel panel-goals" aria-labelledby="panel-goals" data-testid="panel-goals">
      <header class="panel-head">
        <h2 id="panel-goals" class="panel-title">
          Goals
        </h2>
        {canAdmin && (
          <button type="button" class="btn btn-ghost btn-sm" aria-expanded={managing} onClick={() => setManaging(!managing)}>
            Manage goals
          </button>
        )}
      </header>
      <div class={`panel-body ${stats.loading && stats.data ? 'is-stale' : ''}`}>{content}</div>
      {managing && canAdmin && goals.data && <GoalManager site={site} goals={goals.data} onChanged={onGoalsChanged} />}
    </section>
  );
}

function GoalTable({ goals, rows, currency }: { goals: Goal[]; rows: { name: string | null; values: (number | null)[] }[]; currency: (name: string | null) => string | null }) {
  // Goals nobody completed still get a row: "0 conversions" is an answer too.
  const done = new Set(rows.map((r) => r.name));
  const all = [...rows, ...goals.filter((g) => !done.has(g.name)).map((g) => ({ name: g.name, values: [0, 0, 0, null] }))];
  const max = Math.max(1, ...all.map((r) => r.values[0] ?? 0));
  return (
    <table class="goal-table" data-testid="goal-table">
      <thead>
        <tr>
          <th scope="col">Goal</th>
          <th scope="col" class="num">Uniques</th>
          <th scope="col" class="num">Total</th>
          <th scope="col" class="num">CR</th>
          <th scope="col" class="num">Revenue</th>
        </tr>
      </thead>
      <tbody>
        {all.map((r) => (
          <tr>
            <th scope="row" class="goal-name">
              <span class="goal-bar" style={{ width: `${((r.values[0] ?? 0) / max) * 100}%` }} aria-hidden="true" />
              <span class="truncate">{r.name ?? '(none)'}</span>
            </th>
            <td class="num">{formatVisitors(r.values[0])}</td>
            <td class="num">{formatVisitors(r.values[1])}</td>
            <td class="num">{formatRate(r.values[2])}</td>
            <td class="num">{formatRevenue(r.values[3], currency(r.name))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
