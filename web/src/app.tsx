// Routes: /sites lists the sites; /<domain> is one site's dashboard; the account pages, site
// settings and share links are in account/routes.tsx.
import { useLocation } from './lib/router.ts';
import { accountRoute } from './account/routes.tsx';
import { Dashboard } from './dashboard.tsx';
import { SitesPage } from './sites-page.tsx';

export function App() {
  const { pathname } = useLocation();
  if (pathname === '/sites' || pathname === '/sites/') return <SitesPage />;
  const account = accountRoute(pathname);
  if (account) return account;
  const domain = decodeURIComponent(pathname.slice(1).replace(/\/$/, ''));
  // A new site starts a fresh dashboard (its own queries, no state carried over).
  return <Dashboard key={domain} domain={domain} />;
}
