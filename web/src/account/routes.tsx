// The account pages' routes: the sign-in and setup pages, account, users, keys, a site's
// settings and share links. Null when the path is the dashboard's.
import type { VNode } from 'preact';
import { LoginPage } from './login-page.tsx';
import { SetupPage } from './setup-page.tsx';
import { AccountPage } from './account-page.tsx';
import { UsersPage } from './users-page.tsx';
import { KeysPage } from './keys-page.tsx';
import { SiteSettingsPage } from './site-settings-page.tsx';
import { ShareView } from './share-view.tsx';

const PAGES: Record<string, () => VNode> = {
  '/login': () => <LoginPage />,
  '/setup': () => <SetupPage />,
  '/account': () => <AccountPage />,
  '/users': () => <UsersPage />,
  '/keys': () => <KeysPage />,
};

export function accountRoute(pathname: string): VNode | null {
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  const page = PAGES[path];
  if (page) return page();
  const share = /^\/share\/([A-Za-z0-9_-]{20,64})$/.exec(path);
  if (share) return <ShareView key={share[1]} token={share[1]!} />;
  const settings = /^\/([^/]+)\/settings$/.exec(path);
  if (settings) return <SiteSettingsPage key={settings[1]} domain={decodeURIComponent(settings[1]!)} />;
  return null;
}
