// /setup#token=...: the first run's owner account. The token comes from the URL the server
// printed; it sits in the fragment, so it never reaches a server log or a Referer.
import { useEffect, useState } from 'preact/hooks';
import { send, signedIn, type User } from '../lib/account-api.ts';
import { navigate } from '../lib/router.ts';
import { Logo } from '../components/icons.tsx';
import { ErrorNote, useAction } from './form.tsx';

export function SetupPage() {
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useAction();
  useEffect(() => {
    document.title = 'Set up · Inkling';
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      if (password !== repeat) throw new Error('The two passwords differ.');
      signedIn(await send<{ user: User; csrfToken: string }>('POST', '/api/auth/setup', { token, email, password }));
      navigate('/sites', { replace: true });
    });
  };

  return (
    <main class="auth-page" id="main">
      <form class="card auth-card" onSubmit={submit} data-testid="setup-form">
        <span class="auth-logo">
          <Logo />
        </span>
        <h1>Create the owner account</h1>
        {token === '' && <p class="form-error">Open the setup link the server printed when it started.</p>}
        <label class="field">
          Email
          <input class="input" type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          Password (10 characters or more)
          <input class="input" type="password" name="password" autoComplete="new-password" minLength={10} required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label class="field">
          Password again
          <input class="input" type="password" name="repeat" autoComplete="new-password" minLength={10} required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        </label>
        <ErrorNote error={error} />
        <button class="btn btn-primary" type="submit" disabled={busy || token === ''}>
          Create account
        </button>
      </form>
    </main>
  );
}
