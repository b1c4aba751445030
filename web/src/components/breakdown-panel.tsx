// One breakdown card (Pages, Sources, Locations, Devices, Events): its tabs, the top rows of the
// chosen tab as a bar list (or the world map), and the way into the full details view.
import { useEffect } from 'preact/hooks';
import { withFilter, type UiFilter } from '../lib/filters.ts';
import { findTab, PANEL_TABS, PANEL_TITLES, tabDims, type PanelId } from '../lib/panel-tabs.ts';
import { breakdownQuery, shareFromTotal } from '../lib/queries.ts';
import type { ResultRow } from '../lib/api.ts';
import { panelRendered } from '../lib/ready.ts';
import { tabOf, type DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { useQuery } from '../lib/use-query.ts';
import { BarList } from './bar-list.tsx';
import { Icon } from './icons.tsx';
import { LazyWorldMap } from './lazy-map.tsx';
import { PanelTabs } from './panel-tabs.tsx';
import { PropPicker } from './prop-picker.tsx';
import { EmptyState, ErrorState, SkeletonRows } from './states.tsx';
import { METRIC_LABELS } from './top-stats.tsx';

const LIST_ROWS = 9;
/** Every country at once: the map shades them all. */
const MAP_ROWS = 300;
/** The leading countries, listed under the map (and reachable by keyboard, unlike the shapes). */
const MAP_LIST_ROWS = 3;

interface Props {
  panel: PanelId;
  site: string;
  state: DashState;
  update: Update;
  tick: number;
  /** Visitors under the same filters (the headline figure), for the share column. */
  total: number | null;
}

export function BreakdownPanel({ panel, site, state, update, tick, total }: Props) {
  const tab = findTab(panel, tabOf(state, panel));
  const dims = tabDims(tab, state.prop);
  const body = breakdownQuery(site, state, tab, { limit: tab.map ? MAP_ROWS : LIST_ROWS });
  const { data, error, loading, retry } = useQuery(body, { tick });
  const needsProp = tab.prop && dims.length === 0;

  useEffect(() => {
    // The map reports itself once its shapes are drawn (world-map.tsx).
    if ((data && (!tab.map || data.results.length === 0)) || error || needsProp) panelRendered(panel);
  }, [data, error, needsProp]);

  const onFilter = (filters: UiFilter[]) => update({ filters: filters.reduce(withFilter, state.filters) });
  const metrics = tab.listExtra ? [tab.metrics[0]!, tab.listExtra] : [tab.metrics[0]!];
  const labels = metrics.map((m) => (m === 'percentage' ? '%' : m === 'conversion_rate' ? 'CR' : METRIC_LABELS[m]!.replace(/^(Unique|Total) /, '').replace(/^./, (c) => c.toUpperCase())));
  const rows = withShare(data?.results ?? [], tab.listExtra && shareFromTotal(state, tab) ? total : undefined);
  const title = PANEL_TITLES[panel];

  let content;
  if (needsProp) content = <EmptyState text="Choose a custom property above to break events down by its values." />;
  else if (error && !data) content = <ErrorState error={error} onRetry={retry} compact />;
  else if (!data) content = <SkeletonRows />;
  else if (rows.length === 0) content = <EmptyState />;
  else if (tab.map)
    content = (
      <>
        <LazyWorldMap rows={rows} onFilter={onFilter} />
        <BarList rows={rows.slice(0, MAP_LIST_ROWS)} dims={dims} heading={tab.heading} metrics={metrics} metricLabels={labels} onFilter={onFilter} testId={`list-${panel}`} compact />
      </>
    );
  else content = <BarList rows={rows} dims={dims} heading={tab.heading} metrics={metrics} metricLabels={labels} onFilter={onFilter} testId={`list-${panel}`} />;

  return (
    <section class={`card panel panel-${panel}`} aria-labelledby={`panel-${panel}`} data-testid={`panel-${panel}`}>
      <header class="panel-head">
        <h2 id={`panel-${panel}`} class="panel-title">
          {title}
        </h2>
        <PanelTabs label={`${title} view`} tabs={PANEL_TABS[panel]} current={tab.key} onChange={(key) => update({ tabs: { ...state.tabs, [panel]: key } }, { replace: true })} />
      </header>
      {tab.prop && <PropPicker site={site} state={state} update={update} />}
      <div class={`panel-body ${loading && data ? 'is-stale' : ''}`}>{content}</div>
      {!needsProp && (
        <footer class="panel-foot">
          <button type="button" class="btn btn-ghost btn-sm details-button" disabled={!data || rows.length === 0} onClick={() => update({ detail: panel, q: '' })}>
            <Icon name="expand" />
            Details
          </button>
        </footer>
      )}
    </section>
  );
}

/** Adds the share column (visitors / all visitors, in %) when it is computed here. */
function withShare(rows: ResultRow[], total: number | null | undefined): ResultRow[] {
  if (total === undefined) return rows;
  return rows.map((r) => ({ ...r, metrics: [r.metrics[0] ?? 0, total ? ((r.metrics[0] ?? 0) * 100) / total : null] }));
}
