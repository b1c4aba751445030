// A site's share links: create (optional password and expiry; the link is shown once), list, revoke.
import { useEffect, useState } from 'preact/hooks';
import { send, type Share } from '../lib/account-api.ts';
import { ErrorNote, ShownOnce, useAction } from './form.tsx';

export function SharesCard({ domain }: { domain: string }) {
  const base = `/api/sites/${encodeURIComponent(domain)}/shares`;
  const [shares, setShares] = useState<Share[]>([]);
  const [label, setLabel] = useState('');
  const [password, setPassword] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const reload = async () => setShares(await send<Share[]>('GET', base));
  useEffect(() => void run(reload), [domain]);
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const share = await send<Share>('POST', base, { label, ...(password ? { password } : {}), ...(expires ? { expires_at: new Date(`${expires}T23:59:59`).toISOString() } : {}) });
      setCreated(location.origin + share.path);
      setLabel('');
      setPassword('');
      setExpires('');
      await reload();
    });
  };
  return (
    <section class="card form-card" data-testid="shares-card">
      <h2>Share links</h2>
      <p class="muted">A share link opens this site's dashboard, read-only, to anyone who has it (and the password, if you set one).</p>
      <form onSubmit={submit} class="form-grid" data-testid="create-share-form">
        <div class="form-row">
          <label class="field">
            Label
            <input class="input" name="label" maxLength={200} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          </label>
          <label class="field">
            Password (optional)
            <input class="input" type="password" name="share-password" autoComplete="new-password" minLength={10} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <label class="field">
            Expires (optional)
            <input class="input" type="date" name="expires" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
          </label>
        </div>
        <div class="form-actions">
          <button class="btn btn-primary" type="submit" disabled={busy}>
            Create share link
          </button>
        </div>
      </form>
      {created && <ShownOnce label="The new link:" value={created} />}
      <ErrorNote error={error} />
      <ul class="rows" data-testid="share-list">
        {shares.map((s) => (
          <li class="row">
            <span class="row-main">{s.label}</span>
            <span class="muted">
              {s.hasPassword ? 'password' : 'no password'} · {s.expiresMs ? `expires ${new Date(s.expiresMs).toLocaleDateString()}` : 'no expiry'}
            </span>
            {s.revokedMs ? (
              <span class="muted">revoked</span>
            ) : (
              <button type="button" class="btn btn-sm" disabled={busy} onClick={() => void run(async () => (await send('DELETE', `${base}/${s.id}`), await reload()))}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
