// The details view of a panel: its whole list with every metric, searchable and paginated,
// exportable as CSV. A modal <dialog> (focus stays inside, Escape closes); its state is in the
// URL like everything else, so back closes it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { postQuery } from '../lib/api.ts';
import { toCsv, downloadCsv } from '../lib/csv.ts';
import { withFilter } from '../lib/filters.ts';
import { formatExact, formatMetric, formatMetricExact } from '../lib/format.ts';
import { findTab, PANEL_TITLES, tabDims, type PanelId } from '../lib/panel-tabs.ts';
import { breakdownQuery } from '../lib/queries.ts';
import { tabOf, type DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { useQuery } from '../lib/use-query.ts';
import { rowFilters, rowLabel } from './bar-list.tsx';
import { Icon } from './icons.tsx';
import { EmptyState, ErrorState, SkeletonRows } from './states.tsx';
import { METRIC_LABELS } from './top-stats.tsx';

const PAGE_SIZE = 50;
/** On a phone, focusing the search box would cover the list with the keyboard. */
const WIDE = matchMedia('(min-width: 600px)');
const EXPORT_LIMIT = 10_000;

interface Props {
  panel: PanelId;
  site: string;
  state: DashState;
  update: Update;
}

export function DetailsDialog({ panel, site, state, update }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const tab = findTab(panel, tabOf(state, panel));
  const dims = tabDims(tab, state.prop);
  const [search, setSearch] = useState(state.q);
  const [exporting, setExporting] = useState(false);
  const body = breakdownQuery(site, state, tab, { limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE, search: state.q, totalRows: true, allMetrics: true });
  const { data, error, loading, retry } = useQuery(body);
  const total = data?.meta.total_rows ?? 0;
  const first = (state.page - 1) * PAGE_SIZE;
  // The close listener outlives renders; it must use the latest URL state.
  const updateRef = useRef(update);
  updateRef.current = update;

  useEffect(() => {
    const d = dialog.current!;
    if (!d.open) d.showModal();
    const onClose = () => updateRef.current({ detail: null, q: '' });
    d.addEventListener('close', onClose);
    return () => d.removeEventListener('close', onClose);
  }, [panel]);

  // Typing updates the URL (replacing, not stacking history entries) after a short pause.
  useEffect(() => {
    if (search === state.q) return;
    const timer = setTimeout(() => update({ q: search }, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const all = await postQuery(breakdownQuery(site, state, tab, { limit: EXPORT_LIMIT, search: state.q, allMetrics: true })!);
      const header = [...dims.map((d) => d.replace(/^props:/, '')), ...tab.metrics];
      downloadCsv(`${site}-${panel}-${tab.key}.csv`, toCsv(header, all.results.map((r) => [...r.dimensions, ...r.metrics])));
    } finally {
      setExporting(false);
    }
  };

  const title = `${PANEL_TITLES[panel]} · ${tab.map ? 'Countries' : tab.label}`;
  return (
    <dialog ref={dialog} class="details" aria-labelledby="details-title" data-testid="details">
      <header class="details-head">
        <h2 id="details-title">{title}</h2>
        <button type="button" class="btn btn-ghost btn-icon" aria-label="Close details" onClick={() => dialog.current?.close()}>
          <Icon name="x" />
        </button>
      </header>
      <div class="details-tools">
        <label class="search">
          <Icon name="search" />
          <span class="sr-only">Search {tab.heading.toLowerCase()}</span>
          <input class="input" type="search" value={search} placeholder={`Search ${tab.heading.toLowerCase()}`} autoFocus={WIDE.matches} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <button type="button" class="btn" onClick={exportCsv} disabled={exporting || !data || total === 0}>
          <Icon name="download" />
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <div class={`details-body ${loading && data ? 'is-stale' : ''}`}>
        {error && !data ? (
          <ErrorState error={error} onRetry={retry} />
        ) : !data ? (
          <SkeletonRows rows={10} />
        ) : data.results.length === 0 ? (
          <EmptyState text={state.q ? 'Nothing matches this search' : 'No data for this period'} />
        ) : (
          <table class="details-table">
            <thead>
              <tr>
                <th scope="col">{tab.heading}</th>
                {tab.metrics.map((m) => (
                  <th scope="col" class="num-col">
                    {m === 'percentage' ? 'Share' : METRIC_LABELS[m]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.results.map((row) => {
                const label = rowLabel(dims, row);
                const filters = rowFilters(dims, row);
                return (
                  <tr>
                    <th scope="row">
                      {filters.length ? (
                        <button type="button" class="link-button" title={`Filter by ${label}`} onClick={() => update({ filters: filters.reduce(withFilter, state.filters), detail: null, q: '' })}>
                          {label}
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                    {tab.metrics.map((m, i) => (
                      <td class="num-col num" title={formatMetricExact(m, row.metrics[i])}>
                        {formatMetric(m, row.metrics[i])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <footer class="details-foot">
        <span class="num" aria-live="polite">
          {data && total > 0 ? `${formatExact(first + 1)}–${formatExact(first + data.results.length)} of ${formatExact(total)}` : ''}
        </span>
        <div class="pager">
          <button type="button" class="btn btn-sm" disabled={state.page <= 1} onClick={() => update({ page: state.page - 1 }, { replace: true })}>
            <Icon name="chevronLeft" /> Previous
          </button>
          <button type="button" class="btn btn-sm" disabled={!data || first + PAGE_SIZE >= total} onClick={() => update({ page: state.page + 1 }, { replace: true })}>
            Next <Icon name="chevronRight" />
          </button>
        </div>
      </footer>
    </dialog>
  );
}
