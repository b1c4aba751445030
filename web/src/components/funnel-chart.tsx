// A funnel as bars: each step's visitors as a share of those who entered, with the conversion
// from the step before and how many dropped off. Labels are text nodes only.
import { formatRate, formatVisitors } from '../lib/goal-format.ts';
import type { FunnelResult } from '../lib/goals-api.ts';

export function FunnelChart({ result }: { result: FunnelResult }) {
  const first = Math.max(1, result.entering_visitors);
  return (
    <div class="funnel" data-testid="funnel-chart">
      <ol class="funnel-steps">
        {result.steps.map((s) => (
          <li class="funnel-step">
            <div class="funnel-step-head">
              <span class="funnel-step-name truncate">
                <span class="funnel-step-no">{s.step}</span>
                {s.goal}
              </span>
              <span class="num">
                {formatVisitors(s.visitors)} {s.visitors === 1 ? 'visitor' : 'visitors'} · {formatRate(s.conversion_rate)}
              </span>
            </div>
            <div class="funnel-track" aria-hidden="true">
              <span class="funnel-bar" style={{ width: `${(s.visitors / first) * 100}%` }} />
            </div>
            {s.step > 1 && (
              <p class="funnel-drop muted">
                {formatRate(s.conversion_rate_step)} from step {s.step - 1} · {formatVisitors(s.dropoff)} dropped off ({formatRate(s.dropoff_rate)})
              </p>
            )}
          </li>
        ))}
      </ol>
      <p class="funnel-summary">
        Overall conversion <strong class="num">{formatRate(result.conversion_rate)}</strong> · {formatVisitors(result.entering_visitors)} entered,{' '}
        {formatVisitors(result.converted_visitors)} completed
      </p>
    </div>
  );
}
