// The headline figures: live visitors, then six metrics for the range, each with its change
// against the comparison period. A figure is a button that puts its metric on the chart.
import type { QueryResult } from '../lib/api.ts';
import { formatChange, formatMetric, formatMetricExact, higherIsBetter, type MetricKey } from '../lib/format.ts';
import { TOP_METRICS } from '../lib/queries.ts';
import type { QueryState } from '../lib/use-query.ts';
import { Icon } from './icons.tsx';

export const METRIC_LABELS: Record<string, string> = {
  visitors: 'Unique visitors',
  visits: 'Total visits',
  pageviews: 'Total pageviews',
  views_per_visit: 'Views per visit',
  bounce_rate: 'Bounce rate',
  visit_duration: 'Visit duration',
  events: 'Total events',
  conversion_rate: 'Conversion rate',
  percentage: 'Share',
  time_on_page: 'Time on page',
  scroll_depth: 'Scroll depth',
};

interface Props {
  stats: QueryState<QueryResult>;
  current: QueryState<QueryResult>;
  selected: MetricKey | null;
  realtime: boolean;
  comparing: boolean;
  onSelect: (m: MetricKey) => void;
  onLive: () => void;
}

export function TopStats(p: Props) {
  const row = p.stats.data?.results[0];
  const live = p.current.data?.results[0]?.metrics[0] ?? null;
  return (
    <div class="top-stats" data-testid="top-stats">
      <button type="button" class="stat stat-live" onClick={p.onLive} aria-pressed={p.realtime} title="Visitors in the last 5 minutes: open the realtime view">
        <span class="stat-label">
          <span class="live-dot" aria-hidden="true" /> Live now
        </span>
        {live === null && p.current.loading ? (
          <span class="skeleton stat-skeleton" />
        ) : (
          <span class="stat-value num" data-testid="current-visitors">
            {formatMetric('visitors', live ?? 0)}
          </span>
        )}
        <span class="stat-sub">{live === 1 ? 'current visitor' : 'current visitors'}</span>
      </button>
      {TOP_METRICS.map((m, i) => {
        const value = row?.metrics[i] ?? null;
        const change = row?.comparison?.change[i] ?? null;
        const previous = row?.comparison?.metrics[i] ?? null;
        const isSelected = !p.realtime && p.selected === m;
        return (
          <button
            type="button"
            class={`stat ${isSelected ? 'is-selected' : ''}`}
            aria-pressed={isSelected}
            disabled={p.realtime}
            data-metric={m}
            onClick={() => p.onSelect(m)}
            title={row ? `${METRIC_LABELS[m]}: ${formatMetricExact(m, value)}${p.comparing && previous !== null ? ` (before: ${formatMetricExact(m, previous)})` : ''}` : undefined}
          >
            <span class="stat-label">{METRIC_LABELS[m]}</span>
            {!row ? (
              p.stats.error ? <span class="stat-value muted">–</span> : <span class="skeleton stat-skeleton" />
            ) : (
              <span class="stat-value num">{formatMetric(m, value)}</span>
            )}
            {p.comparing && row && <Change metric={m} change={change} />}
          </button>
        );
      })}
    </div>
  );
}

export function Change({ metric, change }: { metric: MetricKey; change: number | null }) {
  if (change === null) return <span class="stat-sub">no data before</span>;
  const good = change === 0 ? null : change > 0 === higherIsBetter(metric);
  const text = formatChange(metric, change);
  return (
    <span class={`change ${good === null ? '' : good ? 'good' : 'bad'}`} title={`${text} against the comparison period`}>
      {change !== 0 && <Icon name={change > 0 ? 'arrowUp' : 'arrowDown'} class="change-icon" />}
      <span class="num">{text}</span>
    </span>
  );
}
