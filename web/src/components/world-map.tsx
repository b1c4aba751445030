// Visitors by country on a world map (Equal Earth, drawn from world-atlas at build time).
// Shading is by the square root of visitors, so a big country does not wash out the rest.
import { countries, height, width } from 'virtual:world-map';
import { useEffect, useState } from 'preact/hooks';
import type { ResultRow } from '../lib/api.ts';
import { countryName } from '../lib/dimensions.ts';
import { formatCount, formatExact } from '../lib/format.ts';
import type { UiFilter } from '../lib/filters.ts';
import { panelRendered } from '../lib/ready.ts';

interface Props {
  rows: ResultRow[];
  onFilter: (f: UiFilter[]) => void;
}

interface Hover {
  code: string;
  x: number;
  y: number;
}

export function WorldMap({ rows, onFilter }: Props) {
  const [hover, setHover] = useState<Hover | null>(null);
  const visitors = new Map<string, number>();
  for (const r of rows) if (r.dimensions[0]) visitors.set(r.dimensions[0], r.metrics[0] ?? 0);
  const max = Math.max(1, ...visitors.values());
  const top = rows.slice(0, 3).map((r) => `${countryName(r.dimensions[0] ?? '')} ${formatCount(r.metrics[0] ?? 0)}`);

  useEffect(() => panelRendered('locations'), []);

  const codeAt = (e: MouseEvent) => (e.target as Element).getAttribute?.('data-code');
  const onMove = (e: MouseEvent) => {
    const code = codeAt(e);
    const box = (e.currentTarget as Element).getBoundingClientRect();
    setHover(code ? { code, x: e.clientX - box.left, y: e.clientY - box.top } : null);
  };
  const onClick = (e: MouseEvent) => {
    const code = codeAt(e);
    if (code && visitors.has(code)) onFilter([{ op: 'is', dim: 'country', values: [code] }]);
  };

  return (
    <div class="world-map" data-testid="world-map">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Map of visitors by country. Most visitors: ${top.join(', ')}`} onMouseMove={onMove} onMouseLeave={() => setHover(null)} onClick={onClick}>
        {countries.map(([code, d]) => {
          const v = visitors.get(code);
          return v ? (
            <path d={d} data-code={code} class={`country has-data ${hover?.code === code ? 'is-hover' : ''}`} fill-opacity={0.18 + 0.82 * Math.sqrt(v / max)} />
          ) : (
            <path d={d} data-code={code} class="country" />
          );
        })}
      </svg>
      {hover && (
        <div class="map-tip" style={{ left: `${hover.x}px`, top: `${hover.y}px` }} aria-hidden="true">
          <strong>{countryName(hover.code)}</strong>
          <span class="num">{visitors.has(hover.code) ? `${formatExact(visitors.get(hover.code)!)} visitors` : 'No visitors'}</span>
        </div>
      )}
      <div class="map-legend" aria-hidden="true">
        <span>0</span>
        <span class="map-scale" />
        <span class="num">{formatCount(max)}</span>
      </div>
    </div>
  );
}
