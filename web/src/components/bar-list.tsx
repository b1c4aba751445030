// The rows of a breakdown: a label (a button that filters by it), a bar proportional to the
// first metric, and the figures. Labels are text nodes, so stored strings never become markup.
import type { ResultRow } from '../lib/api.ts';
import { displayValue } from '../lib/dimensions.ts';
import { formatMetric, formatMetricExact, type MetricKey } from '../lib/format.ts';
import type { UiFilter } from '../lib/filters.ts';

interface Props {
  rows: ResultRow[];
  dims: string[];
  heading: string;
  metrics: MetricKey[];
  metricLabels: string[];
  onFilter: (filters: UiFilter[]) => void;
  testId?: string;
  /** No column headings (a short list under the map). */
  compact?: boolean;
}

/** How a row's label reads: its dimension values joined ("Chrome 126.0"). */
export function rowLabel(dims: string[], row: ResultRow): string {
  if (dims.length === 2 && row.dimensions[1] !== null) return `${displayValue(dims[0]!, row.dimensions[0] ?? null)} ${row.dimensions[1]}`;
  return displayValue(dims[0]!, row.dimensions[0] ?? null);
}

/** The filters that select one row: `is` on each dimension that has a value. */
export function rowFilters(dims: string[], row: ResultRow): UiFilter[] {
  return dims.flatMap((dim, i) => {
    const v = row.dimensions[i];
    return v === null || v === undefined || v === '' ? [] : [{ op: 'is' as const, dim, values: [v] }];
  });
}

export function BarList({ rows, dims, heading, metrics, metricLabels, onFilter, testId, compact }: Props) {
  const max = Math.max(1, ...rows.map((r) => r.metrics[0] ?? 0));
  return (
    <div class={`bar-list ${compact ? 'is-compact' : ''}`} data-testid={testId}>
      {!compact && (
        <div class="bar-head" aria-hidden="true">
          <span>{heading}</span>
          {metricLabels.map((l) => (
            <span class="bar-head-num">{l}</span>
          ))}
        </div>
      )}
      <ol class="bar-rows">
        {rows.map((row) => {
          const label = rowLabel(dims, row);
          const filters = rowFilters(dims, row);
          const width = ((row.metrics[0] ?? 0) / max) * 100;
          return (
            <li class="bar-row">
              <span class="bar" style={{ width: `${width}%` }} aria-hidden="true" />
              {filters.length ? (
                <button type="button" class="bar-label" title={`Filter by ${label}`} onClick={() => onFilter(filters)}>
                  <span class="truncate">{label}</span>
                </button>
              ) : (
                <span class="bar-label is-static" title={label}>
                  <span class="truncate">{label}</span>
                </span>
              )}
              {metrics.map((m, i) => (
                <span class={`bar-value num ${i > 0 ? 'is-extra' : ''}`} title={formatMetricExact(m, row.metrics[i])}>
                  {formatMetric(m, row.metrics[i])}
                </span>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
