// Routes: /sites lists the sites; /<domain> is one site's dashboard.
import { useLocation } from './lib/router.ts';
import { Dashboard } from './dashboard.tsx';
import { SitesPage } from './sites-page.tsx';

export function App() {
  const { pathname } = useLocation();
  if (pathname === '/sites' || pathname === '/sites/') return <SitesPage />;
  const domain = decodeURIComponent(pathname.slice(1).replace(/\/$/, ''));
  // A new site starts a fresh dashboard (its own queries, no state carried over).
  return <Dashboard key={domain} domain={domain} />;
}
