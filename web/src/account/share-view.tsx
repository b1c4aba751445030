// /share/<token>: a share link's read-only dashboard. A password-protected link first asks for
// the password and keeps the grant it buys for this tab.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Site } from '../lib/api.ts';
import { send } from '../lib/account-api.ts';
import { setShareGrant } from '../lib/auth.ts';
import { pageRendered } from '../lib/ready.ts';
import { Dashboard } from '../dashboard.tsx';
import { Logo } from '../components/icons.tsx';
import { ErrorNote, useAction } from './form.tsx';

type State = { kind: 'loading' } | { kind: 'locked' } | { kind: 'invalid' } | { kind: 'open'; site: Site };

export function ShareView({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const load = () =>
    send<Site>('GET', '/api/share').then(
      (site) => setState({ kind: 'open', site }),
      (e: unknown) => setState({ kind: e instanceof ApiError && e.code === 'share_locked' ? 'locked' : 'invalid' }),
    );
  useEffect(() => void load(), [token]);
  useEffect(() => {
    if (state.kind === 'locked' || state.kind === 'invalid') pageRendered();
  }, [state.kind]);

  if (state.kind === 'open') return <Dashboard domain={state.site.domain} shared />;
  if (state.kind === 'loading') return null;
  const unlock = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const { grant } = await send<{ grant: string }>('POST', '/api/share/unlock', { token, password });
      setShareGrant(token, grant);
      await load();
    });
  };
  return (
    <main class="auth-page" id="main">
      {state.kind === 'invalid' ? (
        <div class="card auth-card" data-testid="share-invalid">
          <h1>This link does not work</h1>
          <p>The share link is unknown, has expired, or was revoked.</p>
        </div>
      ) : (
        <form class="card auth-card" onSubmit={unlock} data-testid="share-password-form">
          <span class="auth-logo">
            <Logo />
          </span>
          <h1>This dashboard has a password</h1>
          <label class="field">
            Password
            <input class="input" type="password" name="password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <ErrorNote error={error} />
          <button class="btn btn-primary" type="submit" disabled={busy}>
            Open dashboard
          </button>
        </form>
      )}
    </main>
  );
}
