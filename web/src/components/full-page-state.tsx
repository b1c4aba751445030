// Whole-page states: signing in is needed, the site does not exist, or the server is away.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { pageRendered } from '../lib/ready.ts';
import type { ApiError } from '../lib/api.ts';
import { onLinkClick } from '../lib/router.ts';
import { Icon, type IconName } from './icons.tsx';

function PageState({ icon, title, children, testId }: { icon: IconName; title: string; children: ComponentChildren; testId: string }) {
  useEffect(pageRendered, []);
  return (
    <main class="page-state" data-testid={testId}>
      <div class="card page-state-card">
        <span class="page-state-icon">
          <Icon name={icon} />
        </span>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function SignInNeeded() {
  return (
    <PageState icon="lock" title="Sign in to see this dashboard" testId="sign-in">
      <p>This Inkling server shows statistics to signed-in users, API keys and share links only.</p>
      <p>
        <a class="btn btn-primary" href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} onClick={onLinkClick} data-testid="sign-in-link">
          Sign in
        </a>
      </p>
    </PageState>
  );
}

export function SiteNotFound({ domain }: { domain: string }) {
  return (
    <PageState icon="globe" title={`No site named “${domain}”`} testId="site-not-found">
      <p>
        Add it with <code>npx inkling site add {domain}</code>, then reload this page.
      </p>
      <p>
        <a class="btn" href="/sites" onClick={onLinkClick}>
          See all sites
        </a>
      </p>
    </PageState>
  );
}

export function Unreachable({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <PageState icon="alert" title="Something went wrong" testId="page-error">
      <p>{error.message}</p>
      <p>
        <button type="button" class="btn" onClick={onRetry}>
          Try again
        </button>
      </p>
    </PageState>
  );
}
