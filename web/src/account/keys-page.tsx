// /keys (owner, admin): Stats API keys. Created scoped to sites, read-only or admin; the secret
// is shown once; revocable.
import { useEffect, useState } from 'preact/hooks';
import { getSites, type Site } from '../lib/api.ts';
import { isStaff, send, type ApiKey } from '../lib/account-api.ts';
import { AccountShell, ErrorNote, ShownOnce, useAction } from './form.tsx';

export function KeysPage() {
  return <AccountShell title="API keys">{(me) => (isStaff(me) ? <Keys /> : <p>Only owners and admins manage API keys.</p>)}</AccountShell>;
}

function Keys() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const { busy, error, run } = useAction();
  const reload = () => run(async () => setKeys(await send<ApiKey[]>('GET', '/api/keys')));
  useEffect(() => void reload(), []);
  return (
    <>
      <CreateKey onCreated={reload} />
      <section class="card form-card">
        <h2>Keys</h2>
        <ErrorNote error={error} />
        <ul class="rows" data-testid="key-list">
          {(keys ?? []).map((k) => (
            <li class="row">
              <span class="row-main">
                {k.name} <code>{k.prefix}…</code>
              </span>
              <span class="muted">
                {k.access === 'admin' ? 'admin' : 'read-only'} · {k.sites === null ? 'all sites' : k.sites.join(', ') || 'no sites'} · by {k.creator}
              </span>
              {k.revokedAt ? (
                <span class="muted">revoked</span>
              ) : (
                <button type="button" class="btn btn-sm" disabled={busy} onClick={() => confirm(`Revoke "${k.name}"? Programs using it stop working.`) && void run(async () => (await send('DELETE', `/api/keys/${k.id}`), await reload()))}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function CreateKey({ onCreated }: { onCreated: () => Promise<void> }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [name, setName] = useState('');
  const [access, setAccess] = useState<'read' | 'admin'>('read');
  const [scope, setScope] = useState<string[] | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => void getSites().then(setSites, () => undefined), []);
  const toggle = (domain: string, on: boolean) => setScope((s) => (on ? [...(s ?? []), domain] : (s ?? []).filter((d) => d !== domain)));
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const key = await send<ApiKey>('POST', '/api/keys', { name, access, sites: scope });
      setCreated(key.key ?? null);
      setName('');
      await onCreated();
    });
  };
  return (
    <form class="card form-card" onSubmit={submit} data-testid="create-key-form">
      <h2>Create a key</h2>
      <div class="form-row">
        <label class="field">
          Name
          <input class="input" name="name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          Access
          <select class="input" name="access" value={access} onChange={(e) => setAccess(e.currentTarget.value as 'read' | 'admin')}>
            <option value="read">Read stats</option>
            <option value="admin">Admin (settings, share links)</option>
          </select>
        </label>
      </div>
      <fieldset class="field">
        <legend>Sites</legend>
        <label class="check">
          <input type="checkbox" checked={scope === null} onChange={(e) => setScope(e.currentTarget.checked ? null : [])} /> Every site
        </label>
        {scope !== null &&
          sites.map((s) => (
            <label class="check">
              <input type="checkbox" name="site" value={s.domain} checked={scope.includes(s.domain)} onChange={(e) => toggle(s.domain, e.currentTarget.checked)} /> {s.domain}
            </label>
          ))}
      </fieldset>
      <ErrorNote error={error} />
      {created && <ShownOnce label="The new key:" value={created} />}
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Create key
        </button>
      </div>
    </form>
  );
}
