// /sites: every site with its visitors over the last 30 days and a sparkline of them.
import { useEffect } from 'preact/hooks';
import { getSites, type Site } from './lib/api.ts';
import { pageRendered } from './lib/ready.ts';
import { formatCount, formatExact } from './lib/format.ts';
import { onLinkClick } from './lib/router.ts';
import { useLoader, useQuery } from './lib/use-query.ts';
import { SignInNeeded, Unreachable } from './components/full-page-state.tsx';
import { Header } from './components/header.tsx';
import { Icon } from './components/icons.tsx';
import { isStaff, useSession } from './lib/account-api.ts';
import { AddSiteForm } from './account/add-site-form.tsx';

export function SitesPage() {
  const sites = useLoader('sites', (signal) => getSites({ signal }));
  const user = useSession();
  useEffect(() => {
    document.title = 'Sites · Inkling';
  }, []);
  useEffect(() => {
    if (sites.data || sites.error) pageRendered();
  }, [sites.data, sites.error]);
  if (sites.error?.needsSignIn) return <SignInNeeded />;
  return (
    <>
      <Header />
      <main class="sites-page" id="main">
        <div class="sites-head">
          <h1>Sites</h1>
          <p class="muted">Visitors in the last 30 days</p>
        </div>
        {sites.error ? (
          <Unreachable error={sites.error} onRetry={sites.retry} />
        ) : !sites.data ? (
          <ul class="site-grid" aria-busy="true">
            {[0, 1, 2].map(() => (
              <li class="card site-card">
                <span class="skeleton" style={{ width: '60%', height: '18px' }} />
                <span class="skeleton" style={{ width: '40%', height: '28px', marginTop: '14px' }} />
              </li>
            ))}
          </ul>
        ) : sites.data.length === 0 ? (
          <div class="card page-state-card">
            <h2>No sites yet</h2>
            <p>
              Add the first one here, or with <code>npx inkling site add example.com</code>.
            </p>
          </div>
        ) : (
          <ul class="site-grid" data-testid="site-list">
            {sites.data.map((s) => (
              <SiteCard site={s} />
            ))}
          </ul>
        )}
        {isStaff(user) && <AddSiteForm />}
      </main>
    </>
  );
}

function SiteCard({ site }: { site: Site }) {
  const series = useQuery({ site_id: site.domain, date_range: '30d', metrics: ['visitors'], dimensions: ['time:day'], include: { time_labels: true } });
  const values = series.data?.results.map((r) => r.metrics[0] ?? 0) ?? [];
  // Unique visitors over days are per-day uniques summed (see the README's privacy model).
  const total = values.reduce((a, b) => a + b, 0);
  return (
    <li class="card site-card">
      <a href={`/${encodeURIComponent(site.domain)}`} onClick={onLinkClick} class="site-link">
        <span class="site-card-head">
          <span class="site-favicon" aria-hidden="true">
            {site.domain.charAt(0).toUpperCase()}
          </span>
          <span class="site-domain">{site.domain}</span>
          <Icon name="chevronRight" class="site-go" />
        </span>
        <span class="site-figure">
          {series.data ? (
            <span class="num" title={`${formatExact(total)} visitors`}>
              {formatCount(total)}
            </span>
          ) : (
            <span class="skeleton" style={{ width: '64px', height: '28px' }} />
          )}
          <span class="muted">visitors</span>
        </span>
        <Sparkline values={values} />
      </a>
    </li>
  );
}

function Sparkline({ values }: { values: number[] }) {
  if (values.length < 2) return <span class="sparkline" />;
  const max = Math.max(1, ...values);
  const pts = values.map((v, i) => `${((i / (values.length - 1)) * 100).toFixed(2)},${(28 - (v / max) * 26).toFixed(2)}`);
  return (
    <svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
      <polygon points={`0,30 ${pts.join(' ')} 100,30`} class="spark-area" />
      <polyline points={pts.join(' ')} class="spark-line" />
    </svg>
  );
}
