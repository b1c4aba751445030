// /<domain>/settings (site admins): the site's settings, its share links, and deleting it.
import { useEffect, useState } from 'preact/hooks';
import { send, type SiteSettings } from '../lib/account-api.ts';
import { navigate, onLinkClick } from '../lib/router.ts';
import { AccountShell, ErrorNote, useAction } from './form.tsx';
import { SharesCard } from './shares-card.tsx';

const lines = (list: string[]) => list.join('\n');
const list = (text: string) => text.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean);

export function SiteSettingsPage({ domain }: { domain: string }) {
  return (
    <AccountShell title={`${domain} settings`}>
      {() => (
        <>
          <p>
            <a href={`/${encodeURIComponent(domain)}`} onClick={onLinkClick}>
              ← Back to the dashboard
            </a>
          </p>
          <SettingsForm domain={domain} />
          <SharesCard domain={domain} />
          <DeleteSite domain={domain} />
        </>
      )}
    </AccountShell>
  );
}

function SettingsForm({ domain }: { domain: string }) {
  const [s, setS] = useState<SiteSettings | null>(null);
  const [form, setForm] = useState({ timezone: '', hosts: '', ips: '', paths: '', retention: '', isPublic: false });
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const fill = (v: SiteSettings) => {
    setS(v);
    setForm({ timezone: v.timezone, hosts: lines(v.allowed_hostnames), ips: lines(v.excluded_ips), paths: lines(v.excluded_paths), retention: v.retention_days === null ? '' : String(v.retention_days), isPublic: v.public });
  };
  useEffect(() => void run(async () => fill(await send<SiteSettings>('GET', `/api/sites/${encodeURIComponent(domain)}/settings`))), [domain]);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).type === 'checkbox' ? (e.currentTarget as HTMLInputElement).checked : (e.currentTarget as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      const body = {
        timezone: form.timezone.trim(), allowed_hostnames: list(form.hosts), excluded_ips: list(form.ips), excluded_paths: list(form.paths),
        retention_days: form.retention.trim() === '' ? null : Number(form.retention), public: form.isPublic,
      };
      fill(await send<SiteSettings>('PATCH', `/api/sites/${encodeURIComponent(domain)}/settings`, body));
      setSaved(true);
    });
  };
  if (!s) return <ErrorNote error={error} />;
  return (
    <form class="card form-card" onSubmit={submit} data-testid="settings-form">
      <h2>Settings</h2>
      <label class="field">
        Time zone (reports' days start at midnight here)
        <input class="input" name="timezone" required value={form.timezone} onInput={set('timezone')} />
      </label>
      <label class="field">
        Allowed hostnames (one per line, *.example.com for subdomains; empty allows any)
        <textarea class="input" name="allowed_hostnames" rows={3} value={form.hosts} onInput={set('hosts')} />
      </label>
      <label class="field">
        Excluded IP addresses or ranges (one per line, e.g. 203.0.113.0/24)
        <textarea class="input" name="excluded_ips" rows={3} value={form.ips} onInput={set('ips')} />
      </label>
      <label class="field">
        Excluded paths (one per line, * matches anything, e.g. /admin/*)
        <textarea class="input" name="excluded_paths" rows={3} value={form.paths} onInput={set('paths')} />
      </label>
      <label class="field">
        Keep events for (days; empty keeps them forever)
        <input class="input" name="retention_days" inputMode="numeric" value={form.retention} onInput={set('retention')} />
      </label>
      <label class="check">
        <input type="checkbox" name="public" checked={form.isPublic} onChange={set('isPublic')} /> Public: anyone with the address can see the dashboard
      </label>
      <ErrorNote error={error} />
      {saved && <p class="form-ok">Saved.</p>}
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Save settings
        </button>
      </div>
    </form>
  );
}

function DeleteSite({ domain }: { domain: string }) {
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await send('DELETE', `/api/sites/${encodeURIComponent(domain)}`, { confirm: typed });
      navigate('/sites', { replace: true });
    });
  };
  return (
    <form class="card form-card danger-zone" onSubmit={submit} data-testid="delete-site-form">
      <h2>Delete this site</h2>
      <p>This removes the site and every one of its events, its share links and its place in API keys. It cannot be undone.</p>
      <label class="field">
        <span>
          Type <strong>{domain}</strong> to confirm
        </span>
        <input class="input" name="confirm" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
      </label>
      <ErrorNote error={error} />
      <div class="form-actions">
        <button class="btn btn-danger" type="submit" disabled={busy || typed !== domain}>
          Delete site and events
        </button>
      </div>
    </form>
  );
}
