// The top card: headline figures over the chart of the selected metric, with the interval
// switch. In realtime it shows pageviews per minute for the last 30 minutes.
import { useEffect } from 'preact/hooks';
import type { QueryResult } from '../lib/api.ts';
import { includesToday, intervalsFor, type Interval } from '../lib/periods.ts';
import { nowIn, todayIn } from '../lib/dates.ts';
import { currentVisitorsQuery, timeseriesQuery } from '../lib/queries.ts';
import { panelRendered } from '../lib/ready.ts';
import type { DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { useQuery, useTicker, type QueryState } from '../lib/use-query.ts';
import { LazyMainChart } from './lazy-chart.tsx';
import { ErrorState } from './states.tsx';
import { METRIC_LABELS, TopStats } from './top-stats.tsx';

const INTERVAL_LABELS: Record<Interval, string> = { minute: 'Minute', hour: 'Hour', day: 'Day', week: 'Week', month: 'Month' };
export const REALTIME_REFRESH_MS = 10_000;
const LIVE_REFRESH_MS = 30_000;

interface Props {
  site: string;
  state: DashState;
  update: Update;
  stats: QueryState<QueryResult>;
  /** Grows on each realtime refresh. */
  tick: number;
  /** The site's time zone (null until the site list has loaded). */
  timezone: string | null;
}

export function ChartCard({ site, state, update, stats, tick, timezone }: Props) {
  const realtime = state.period === 'realtime';
  // Outside realtime the live figure still refreshes, more slowly.
  const liveTick = useTicker(realtime ? null : LIVE_REFRESH_MS);
  const current = useQuery(currentVisitorsQuery(site), { tick: realtime ? tick : liveTick });
  const { body, interval } = timeseriesQuery(site, state);
  const series = useQuery(body, { tick });
  const comparing = !!state.compare && !realtime;
  const metric = realtime ? 'pageviews' : state.metric;
  const intervals = intervalsFor(state);

  useEffect(() => {
    if (stats.data || stats.error) panelRendered('stats');
    if (series.data || series.error) panelRendered('chart');
  }, [stats.data, stats.error, series.data, series.error]);

  const pick = (label: string) => {
    if (interval === 'day') update({ period: 'day', date: label.slice(0, 10), from: null, to: null, interval: null });
    else if (interval === 'month') update({ period: 'month', date: label.slice(0, 10), from: null, to: null, interval: null });
  };

  return (
    <section class="card chart-card" aria-label="Overview">
      <TopStats
        stats={stats}
        current={current}
        selected={state.metric}
        realtime={realtime}
        comparing={comparing}
        onSelect={(m) => update({ metric: m }, { replace: true })}
        onLive={() => update({ period: realtime ? '30d' : 'realtime', date: null, from: null, to: null })}
      />
      <div class="chart-head">
        <h2 class="chart-title">
          {realtime ? 'Pageviews per minute' : METRIC_LABELS[metric]}
          {comparing && (
            <span class="legend" aria-hidden="true">
              <span class="legend-item">
                <span class="legend-swatch" /> This period
              </span>
              <span class="legend-item">
                <span class="legend-swatch is-compare" /> {state.compare === 'year_over_year' ? 'Year before' : 'Previous period'}
              </span>
            </span>
          )}
        </h2>
        {intervals.length > 1 && (
          <div class="segmented" role="group" aria-label="Interval">
            {intervals.map((i) => (
              <button type="button" aria-pressed={i === interval} onClick={() => update({ interval: i }, { replace: true })}>
                {INTERVAL_LABELS[i]}
              </button>
            ))}
          </div>
        )}
      </div>
      <div class={`chart-body ${series.loading && series.data ? 'is-stale' : ''}`} data-testid="main-chart">
        {series.error && !series.data ? (
          <ErrorState error={series.error} onRetry={series.retry} compact />
        ) : series.data ? (
          <LazyMainChart
            result={series.data}
            metric={metric}
            interval={interval}
            comparing={comparing}
            bars={realtime}
            now={timezone && includesToday(state, todayIn(timezone)) ? nowIn(timezone) : null}
            onPick={realtime ? undefined : pick}
          />
        ) : (
          <div class="skeleton chart-skeleton" aria-hidden="true" />
        )}
      </div>
    </section>
  );
}
