// One site's dashboard at /<domain>: controls, the overview card, the breakdown panels and the
// details view, all driven by the URL. Whole-page states (sign in, unknown site, never any
// data) replace it when they apply.
import { useEffect, useState } from 'preact/hooks';
import { getSites } from './lib/api.ts';
import { todayIn } from './lib/dates.ts';
import { anyEventsQuery, topStatsQuery } from './lib/queries.ts';
import { expectPanel, panelRendered } from './lib/ready.ts';
import type { PanelId } from './lib/panel-tabs.ts';
import { useDashState } from './lib/use-dash-state.ts';
import { useLoader, useQuery, useTicker } from './lib/use-query.ts';
import { useShortcuts } from './lib/use-shortcuts.ts';
import { BreakdownPanel } from './components/breakdown-panel.tsx';
import { ChartCard, REALTIME_REFRESH_MS } from './components/chart-card.tsx';
import { CompareToggle } from './components/compare-toggle.tsx';
import { DatePicker } from './components/date-picker.tsx';
import { DetailsDialog } from './components/details-dialog.tsx';
import { FilterBar } from './components/filter-bar.tsx';
import { SignInNeeded, SiteNotFound, Unreachable } from './components/full-page-state.tsx';
import { Header } from './components/header.tsx';
import { InstallGuide } from './components/install-guide.tsx';
import { preloadMap } from './components/lazy-map.tsx';
import { FunnelPanel } from './panels/funnel-panel.tsx';
import { GoalsPanel } from './panels/goals-panel.tsx';
import { SegmentMenu } from './components/segment-menu.tsx';

const PANELS: PanelId[] = ['pages', 'sources', 'locations', 'devices', 'events'];
const READY_PARTS = ['stats', 'chart', ...PANELS];
/** While waiting for a site's first event, look again this often. */
const INSTALL_POLL_MS = 5_000;

/** `shared`: a share link's read-only view (no way to other sites, settings or the account). */
export function Dashboard({ domain, shared = false }: { domain: string; shared?: boolean }) {
  const [state, update] = useDashState();
  const sites = useLoader('sites', (signal) => getSites({ signal }), 0, () => void getSites().catch(() => undefined));
  const site = sites.data?.find((s) => s.domain === domain);
  const today = todayIn(site?.timezone ?? 'UTC');
  const realtime = state.period === 'realtime';
  const tick = useTicker(realtime ? REALTIME_REFRESH_MS : null);
  useShortcuts(state, update, today);

  // While rendering, not a frame later in an effect: the map's chunk starts downloading, and the
  // parts to wait for are known before any child can report (children's effects run first).
  void preloadMap();
  READY_PARTS.forEach(expectPanel);
  useEffect(() => {
    document.title = `${domain} · Inkling`;
  }, [domain]);

  // Queries start at once, in parallel with the site list: the API resolves dates itself.
  const stats = useQuery(topStatsQuery(domain, state), { tick });
  // An empty range asks once whether the site ever had an event; only a site that never had
  // one is polled (for its first pageview), not every empty filtered view.
  const nothingHere = stats.data?.results[0]?.metrics.every((v) => !v) ?? false;
  const [polling, setPolling] = useState(false);
  const [goalsVersion, setGoalsVersion] = useState(0);
  const pollTick = useTicker(polling ? INSTALL_POLL_MS : null);
  const ever = useQuery(nothingHere ? anyEventsQuery(domain) : null, { tick: pollTick });
  const neverSeen = nothingHere && ever.data?.results[0]?.metrics[0] === 0;
  useEffect(() => {
    setPolling(neverSeen);
    if (neverSeen) READY_PARTS.forEach(panelRendered);
  }, [neverSeen]);
  // The first event arrived, so it is today's: show today (and ask again, past the cache).
  useEffect(() => {
    if (pollTick === 0 || !ever.data?.results[0]?.metrics[0]) return;
    if (state.period === 'day' && !state.date) stats.retry();
    else update({ period: 'day', date: null, from: null, to: null }, { replace: true });
  }, [ever.data]);

  const error = stats.error ?? sites.error;
  if (error?.needsSignIn) return <SignInNeeded />;
  if (stats.error?.code === 'site_not_found' || (sites.data && !site)) return <SiteNotFound domain={domain} />;

  return (
    <>
      <Header site={domain} sites={sites.data} shared={shared} />
      <main class="dash" id="main">
        {!neverSeen && (
          <div class="controls">
            <FilterBar site={domain} state={state} update={update} />
            <div class="controls-end">
              <SegmentMenu site={domain} state={state} update={update} canAdmin={site?.can_admin ?? false} />
              <DatePicker state={state} update={update} today={today} />
              <CompareToggle state={state} update={update} />
            </div>
          </div>
        )}
        {realtime && (
          <p class="realtime-note" data-testid="realtime-note">
            <span class="live-dot" aria-hidden="true" /> Last 30 minutes · updates every {REALTIME_REFRESH_MS / 1000} seconds
          </p>
        )}
        {stats.error && !stats.data && stats.error.status === 0 ? (
          <Unreachable error={stats.error} onRetry={stats.retry} />
        ) : neverSeen ? (
          <InstallGuide domain={domain} />
        ) : (
          <>
            <ChartCard site={domain} state={state} update={update} stats={stats} tick={tick} timezone={site?.timezone ?? null} />
            <div class="panels">
              {PANELS.map((p) => (
                <BreakdownPanel panel={p} site={domain} state={state} update={update} tick={tick} total={stats.data?.results[0]?.metrics[0] ?? null} />
              ))}
              <GoalsPanel site={domain} state={state} tick={tick} canAdmin={site?.can_admin ?? false} goalsVersion={goalsVersion} onGoalsChanged={() => setGoalsVersion((v) => v + 1)} />
              <FunnelPanel site={domain} state={state} tick={tick} goalsVersion={goalsVersion} />
            </div>
          </>
        )}
        {state.detail && <DetailsDialog panel={state.detail} site={domain} state={state} update={update} />}
      </main>
      <footer class="foot">
        <span>Inkling · cookieless, privacy-first analytics</span>
        {site && <span>Times in {site.timezone}</span>}
      </footer>
    </>
  );
}
