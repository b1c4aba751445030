// The main chart (uPlot on a canvas): one metric over the range, the comparison period as a
// dashed line, a tooltip that follows the cursor, and click-to-zoom on a day or month.
import uPlot from 'uplot';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { QueryResult } from '../lib/api.ts';
import { formatMetric, formatMetricExact, type MetricKey } from '../lib/format.ts';
import type { Interval } from '../lib/periods.ts';
import { tickLabel, tooltipLabel } from '../lib/time-labels.ts';
import { useColorScheme } from '../lib/use-color-scheme.ts';
import { Change, METRIC_LABELS } from './top-stats.tsx';

interface Props {
  result: QueryResult;
  metric: MetricKey;
  interval: Interval;
  comparing: boolean;
  /** Bars (realtime minutes) rather than a line. */
  bars?: boolean;
  /**
   * The site's wall time now when the range reaches it: later buckets are not drawn and the
   * current one, still filling, is dashed (not a misleading drop). null for past ranges.
   */
  now: string | null;
  onPick?: (label: string) => void;
}

interface Tip {
  idx: number;
  left: number;
  top: number;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const HEIGHT = 260;

export function MainChart({ result, metric, interval, comparing, bars, now, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  const scheme = useColorScheme();
  const labels = result.meta.time_labels ?? result.results.map((r) => r.dimensions[0] ?? '');
  const values = result.results.map((r) => r.metrics[0] ?? null);
  const { solid, partial } = splitAtNow(labels, values, now, bars ?? false);
  const previous = comparing ? result.results.map((r) => r.comparison?.metrics[0] ?? null) : null;
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const el = box.current!;
    const accent = css('--accent');
    const multiDay = new Set(labels.map((l) => l.slice(0, 10))).size > 1;
    const axis = {
      stroke: css('--text-3'),
      font: `11px ${css('--font')}`,
      grid: { stroke: css('--border'), width: 1 },
      ticks: { show: false },
    };
    const opts: uPlot.Options = {
      width: el.clientWidth,
      height: HEIGHT,
      // Room on the right for the last tick's label.
      padding: [12, 20, 0, 0],
      legend: { show: false },
      cursor: {
        drag: { x: false, y: false, setScale: false },
        points: { size: 8, width: 2, fill: css('--surface') },
        y: false,
      },
      scales: { x: { time: false, range: (_u, min, max) => [min - (bars ? 0.5 : 0), max + (bars ? 0.5 : 0)] }, y: { range: (_u, _min, max) => [0, niceMax(max, metric)] } },
      axes: [
        {
          ...axis,
          grid: { show: false },
          splits: () => tickIndexes(labels.length, el.clientWidth),
          values: (_u, splits) => splits.map((i) => (labels[i] ? tickLabel(labels[i]!, interval, multiDay) : '')),
          gap: 8,
          size: 28,
        },
        {
          ...axis,
          splits: (u) => ySplits(u.scales.y!.max ?? 1),
          values: (_u, splits) => splits.map((v) => formatMetric(metric, v)),
          size: 52,
          gap: 6,
        },
      ],
      series: [
        {},
        {
          label: METRIC_LABELS[metric],
          stroke: accent,
          width: 2,
          fill: (u) => gradient(u, accent, bars ? 0.85 : 0.18),
          points: { show: false },
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.7, 24], gap: 2 }), fill: accent, width: 0 } : {}),
        },
        { label: 'So far', stroke: accent, width: 2, dash: [4, 4], points: { show: false } },
        ...(previous ? [{ label: 'Comparison', stroke: css('--compare'), width: 1.5, dash: [5, 4], points: { show: false } }] : []),
      ],
      hooks: {
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            setTip(idx === null || idx === undefined || u.cursor.left! < 0 ? null : { idx, left: u.cursor.left!, top: u.valToPos(values[idx] ?? 0, 'y') });
          },
        ],
      },
    };
    const xs = labels.map((_, i) => i);
    const data: uPlot.AlignedData = previous ? [xs, solid, partial, previous] : [xs, solid, partial];
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const over = u.over;
    const onClick = () => {
      const idx = u.cursor.idx;
      if (idx !== null && idx !== undefined && labels[idx]) pickRef.current?.(labels[idx]!);
    };
    const onLeave = () => setTip(null);
    over.addEventListener('click', onClick);
    over.addEventListener('mouseleave', onLeave);
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      over.removeEventListener('click', onClick);
      over.removeEventListener('mouseleave', onLeave);
      u.destroy();
      plot.current = null;
    };
  }, [result, metric, interval, comparing, bars, scheme, now?.slice(0, 13)]);

  const row = tip ? result.results[tip.idx] : null;
  const width = box.current?.clientWidth ?? 0;
  return (
    <div class={`chart ${onPick && !bars ? 'is-pickable' : ''}`}>
      <div ref={box} class="chart-canvas" role="img" aria-label={`${METRIC_LABELS[metric]} by ${interval}: ${summary(labels, values, metric, interval)}`} />
      {tip && row && (
        <div class={`chart-tip ${tip.left > width / 2 ? 'flip' : ''}`} style={{ left: `${tip.left + 52}px`, top: `${Math.max(0, tip.top - 10)}px` }} aria-hidden="true">
          <div class="tip-title">{tooltipLabel(labels[tip.idx] ?? '', interval)}</div>
          <div class="tip-row">
            <span class="tip-swatch" />
            <span class="tip-name">{METRIC_LABELS[metric]}</span>
            <span class="tip-value num">{formatMetricExact(metric, row.metrics[0] ?? null)}</span>
          </div>
          {previous && row.comparison && (
            <>
              <div class="tip-row is-compare">
                <span class="tip-swatch is-compare" />
                <span class="tip-name">{row.comparison.dimensions[0] ? tooltipLabel(row.comparison.dimensions[0], interval) : 'Before'}</span>
                <span class="tip-value num">{formatMetricExact(metric, row.comparison.metrics[0] ?? null)}</span>
              </div>
              <div class="tip-change">
                <Change metric={metric} change={row.comparison.change[0] ?? null} />
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Buckets after now are not drawn (they have not happened); the bucket holding now is still
 * filling, so the line into it is dashed rather than a dramatic, misleading drop.
 */
function splitAtNow(labels: string[], values: (number | null)[], now: string | null, bars: boolean): { solid: (number | null)[]; partial: (number | null)[] } {
  // Labels ("2026-03-03" or "2026-03-03 14:00:00") and now compare as plain strings.
  const current = now === null || bars ? -1 : labels.findLastIndex((l) => l <= now);
  if (current <= 0) return { solid: values, partial: values.map(() => null) };
  return {
    solid: values.map((v, i) => (i < current ? v : null)),
    partial: values.map((v, i) => (i === current - 1 || i === current ? v : null)),
  };
}

function gradient(u: uPlot, color: string, alpha: number): CanvasGradient | string {
  const { top, height } = u.bbox;
  if (!height) return 'transparent';
  const g = u.ctx.createLinearGradient(0, top, 0, top + height);
  g.addColorStop(0, withAlpha(color, alpha));
  g.addColorStop(1, withAlpha(color, alpha === 0.85 ? alpha : 0));
  return g;
}

/** "#4f46e5" -> "rgba(79, 70, 229, a)". */
function withAlpha(hex: string, a: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${a})` : hex;
}

/** Evenly spaced bucket indexes, about one per 80 px. */
function tickIndexes(n: number, width: number): number[] {
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(width / 80))));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

/** Round steps of time (seconds), so a duration axis reads 1m, 2m, 3m rather than 1m 40s. */
const TIME_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
const COUNTS: readonly MetricKey[] = ['visitors', 'visits', 'pageviews', 'events'];

/** A y maximum of four round steps: 0, 50, 100, 150, 200; whole steps for counts, round times for durations. */
function niceMax(max: number | null, metric: MetricKey): number {
  if (!max || max <= 0) return 4;
  const raw = max / 4;
  if (metric === 'visit_duration' || metric === 'time_on_page') return 4 * (TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 3600) * 3600);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * mag >= raw)! * mag;
  return (COUNTS.includes(metric) ? Math.max(1, Math.ceil(step)) : step) * 4;
}

function ySplits(max: number): number[] {
  return [0, 1, 2, 3, 4].map((i) => (max / 4) * i);
}

/** A one-sentence text version of the chart for screen readers. */
function summary(labels: string[], values: (number | null)[], metric: MetricKey, interval: Interval): string {
  let peak = -1;
  values.forEach((v, i) => {
    if (v !== null && (peak < 0 || v > (values[peak] ?? 0))) peak = i;
  });
  if (peak < 0) return 'no data';
  return `${labels.length} points, highest ${formatMetric(metric, values[peak] ?? 0)} at ${tooltipLabel(labels[peak]!, interval)}`;
}
