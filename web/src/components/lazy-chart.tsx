// uPlot is most of the chart's weight; it loads as its own chunk, requested as soon as the app
// starts (in parallel with the first queries), so the first paint does not wait for it.
import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type ChartModule = typeof import('./main-chart.tsx');
const loading: Promise<ChartModule> = import('./main-chart.tsx');

export function LazyMainChart(props: ComponentProps<ChartModule['MainChart']>) {
  const [mod, setMod] = useState<ChartModule | null>(null);
  useEffect(() => {
    let live = true;
    void loading.then((m) => live && setMod(m));
    return () => void (live = false);
  }, []);
  return mod ? <mod.MainChart {...props} /> : <div class="skeleton chart-skeleton" aria-hidden="true" />;
}
