// The Funnel card: pick 2 to 8 of the site's goals in order (and a time window), see how many
// visitors reached each step within a visit over the dashboard's period and filters.
import { useEffect, useState } from 'preact/hooks';
import { FunnelChart } from '../components/funnel-chart.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../components/states.tsx';
import { listGoals, postFunnel, type Goal } from '../lib/goals-api.ts';
import { base } from '../lib/queries.ts';
import type { DashState } from '../lib/url-state.ts';
import { useLoader } from '../lib/use-query.ts';

const MIN_STEPS = 2;
const MAX_STEPS = 8;
const WINDOWS: [string, number | null][] = [['Within the visit', null], ['Within 1 minute', 60], ['Within 10 minutes', 600], ['Within 1 hour', 3600]];

interface Props {
  site: string;
  state: DashState;
  tick: number;
  goalsVersion: number;
}

export function FunnelPanel({ site, state, tick, goalsVersion }: Props) {
  const goals = useLoader(`goals:${site}:${goalsVersion}`, () => listGoals(site));
  const [steps, setSteps] = useState<string[]>([]);
  const [windowSeconds, setWindowSeconds] = useState<number | null>(null);
  // Start from the first goals (up to three), and drop steps whose goal was deleted.
  useEffect(() => {
    const ids = (goals.data ?? []).map((g) => g.id);
    const kept = steps.filter((id) => ids.includes(id));
    setSteps(kept.length >= MIN_STEPS ? kept : ids.slice(0, Math.min(3, ids.length)));
  }, [goals.data]);

  const ready = steps.length >= MIN_STEPS;
  const body = ready ? { ...base(site, state), steps, ...(windowSeconds ? { window_seconds: windowSeconds } : {}) } : null;
  const funnel = useLoader(body ? `funnel:${JSON.stringify(body)}` : null, () => postFunnel(body!), tick);
  const options = goals.data ?? [];

  let content;
  if (goals.error) content = <ErrorState error={goals.error} onRetry={goals.retry} compact />;
  else if (!goals.data) content = <SkeletonRows rows={3} />;
  else if (options.length < MIN_STEPS) content = <EmptyState text="A funnel needs at least two goals: add them in the Goals card." />;
  else if (funnel.error && !funnel.data) content = <ErrorState error={funnel.error} onRetry={funnel.retry} compact />;
  else if (!funnel.data) content = <SkeletonRows rows={3} />;
  else content = <FunnelChart result={funnel.data} />;

  return (
    <section class="card panel panel-funnel" aria-labelledby="panel-funnel" data-testid="panel-funnel">
      <header class="panel-head">
        <h2 id="panel-funnel" class="panel-title">
          Funnel
        </h2>
        {options.length >= MIN_STEPS && (
          <select class="input input-sm" aria-label="Time window" value={String(windowSeconds ?? '')} onChange={(e) => setWindowSeconds(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
            {WINDOWS.map(([label, seconds]) => (
              <option value={String(seconds ?? '')}>{label}</option>
            ))}
          </select>
        )}
      </header>
      {options.length >= MIN_STEPS && <StepPicker steps={steps} options={options} onChange={setSteps} />}
      <div class={`panel-body ${funnel.loading && funnel.data ? 'is-stale' : ''}`}>{content}</div>
    </section>
  );
}

/** One select per step, in order; steps can be added (up to 8) and removed (down to 2). */
function StepPicker({ steps, options, onChange }: { steps: string[]; options: Goal[]; onChange: (steps: string[]) => void }) {
  return (
    <div class="funnel-picker">
      {steps.map((id, i) => (
        <span class="funnel-pick">
          <select class="input input-sm" aria-label={`Step ${i + 1}`} value={id} onChange={(e) => onChange(steps.map((s, j) => (j === i ? e.currentTarget.value : s)))}>
            {options.map((g) => (
              <option value={g.id}>{g.name}</option>
            ))}
          </select>
          {steps.length > MIN_STEPS && (
            <button type="button" class="btn btn-ghost btn-sm" aria-label={`Remove step ${i + 1}`} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
              ×
            </button>
          )}
        </span>
      ))}
      {steps.length < MAX_STEPS && (
        <button type="button" class="btn btn-sm" onClick={() => onChange([...steps, options[0]!.id])}>
          Add step
        </button>
      )}
    </div>
  );
}
