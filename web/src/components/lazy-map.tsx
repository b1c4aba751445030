// The world map lives in its own chunk (country shapes are most of its weight), fetched once
// the dashboard starts rendering so it is ready when the first numbers arrive.
import { useEffect, useState } from 'preact/hooks';
import type { ResultRow } from '../lib/api.ts';
import type { UiFilter } from '../lib/filters.ts';

type MapModule = typeof import('./world-map.tsx');
let loading: Promise<MapModule> | null = null;

export function preloadMap(): Promise<MapModule> {
  return (loading ??= import('./world-map.tsx'));
}

export function LazyWorldMap(props: { rows: ResultRow[]; onFilter: (f: UiFilter[]) => void }) {
  const [mod, setMod] = useState<MapModule | null>(null);
  useEffect(() => {
    let live = true;
    preloadMap().then((m) => live && setMod(m));
    return () => void (live = false);
  }, []);
  return mod ? <mod.WorldMap {...props} /> : <div class="map-placeholder skeleton" aria-hidden="true" />;
}
