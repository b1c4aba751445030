// /login: email and password (and the two-factor code when the account asks for one).
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.ts';
import { send, signedIn, type User } from '../lib/account-api.ts';
import { navigate } from '../lib/router.ts';
import { Logo } from '../components/icons.tsx';
import { safeNext } from '../lib/safe-next.ts';
import { ErrorNote, useAction } from './form.tsx';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    document.title = 'Sign in · Inkling';
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      try {
        const answer = await send<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { email, password, ...(totp !== null ? { totp } : {}) });
        signedIn(answer);
        navigate(safeNext(new URLSearchParams(location.search).get('next'), location.origin), { replace: true });
      } catch (err) {
        // The password was right; the account wants its second factor.
        if (err instanceof ApiError && err.code === 'totp_required') return setTotp('');
        throw err;
      }
    });
  };

  return (
    <main class="auth-page" id="main">
      <form class="card auth-card" onSubmit={submit} data-testid="login-form">
        <span class="auth-logo">
          <Logo />
        </span>
        <h1>Sign in to Inkling</h1>
        <label class="field">
          Email
          <input class="input" type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          Password
          <input class="input" type="password" name="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {totp !== null && (
          <label class="field">
            Two-factor code
            <input class="input" name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required value={totp} onInput={(e) => setTotp(e.currentTarget.value)} />
          </label>
        )}
        <ErrorNote error={error} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
