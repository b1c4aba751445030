// /account: change the password, and turn two-factor authentication on or off.
import { useState } from 'preact/hooks';
import { loadSession, send, type User } from '../lib/account-api.ts';
import { AccountShell, ErrorNote, useAction } from './form.tsx';

export function AccountPage() {
  return (
    <AccountShell title="Account">
      {(user) => (
        <>
          <p class="muted">
            Signed in as {user.email} ({user.role})
          </p>
          <PasswordCard />
          <TotpCard user={user} />
        </>
      )}
    </AccountShell>
  );
}

function PasswordCard() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    setDone(false);
    void run(async () => {
      await send('POST', '/api/auth/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setDone(true);
    });
  };
  return (
    <form class="card form-card" onSubmit={submit} data-testid="password-form">
      <h2>Password</h2>
      <label class="field">
        Current password
        <input class="input" type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </label>
      <label class="field">
        New password (10 characters or more)
        <input class="input" type="password" autoComplete="new-password" minLength={10} required value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      </label>
      <ErrorNote error={error} />
      {done && <p class="form-ok">Password changed. Other sessions of this account were signed out.</p>}
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}

function TotpCard({ user }: { user: User }) {
  const [enabled, setEnabled] = useState(user.totpEnabled);
  const [offer, setOffer] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const refresh = async (on: boolean) => {
    setEnabled(on);
    setOffer(null);
    setCode('');
    setPassword('');
    await loadSession(true);
  };
  return (
    <section class="card form-card" data-testid="totp-card">
      <h2>Two-factor authentication</h2>
      {enabled ? (
        <form onSubmit={(e) => (e.preventDefault(), void run(async () => (await send('POST', '/api/auth/totp/disable', { password }), await refresh(false))))} class="form-grid">
          <p>On: signing in asks for a code from your authenticator app.</p>
          <label class="field">
            Password to turn it off
            <input class="input" type="password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <div class="form-actions">
            <button class="btn" type="submit" disabled={busy}>
              Turn off
            </button>
          </div>
        </form>
      ) : offer ? (
        <form onSubmit={(e) => (e.preventDefault(), void run(async () => (await send('POST', '/api/auth/totp/enable', { secret: offer.secret, code, password }), await refresh(true))))} class="form-grid">
          <p>Add this key to your authenticator app (or open the otpauth link on your phone), then enter the code it shows.</p>
          <code class="secret-text">{offer.secret}</code>
          <a href={offer.uri} class="muted">
            otpauth link
          </a>
          <label class="field">
            Code
            <input class="input" name="code" inputMode="numeric" pattern="[0-9]{6}" required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </label>
          <label class="field">
            Password to turn it on
            <input class="input" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <p class="muted">Turning it on signs out this account's other sessions.</p>
          <div class="form-actions">
            <button class="btn btn-primary" type="submit" disabled={busy}>
              Turn on
            </button>
          </div>
        </form>
      ) : (
        <div class="form-grid">
          <p>Off. With it on, a password alone does not open this account.</p>
          <div class="form-actions">
            <button class="btn" type="button" disabled={busy} onClick={() => void run(async () => setOffer(await send('POST', '/api/auth/totp/setup')))}>
              Set up
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
