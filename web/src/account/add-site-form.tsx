// "Add a site" on the sites page, for owners and admins.
import { useState } from 'preact/hooks';
import { send, type SiteSettings } from '../lib/account-api.ts';
import { navigate } from '../lib/router.ts';
import { ErrorNote, useAction } from './form.tsx';

export function AddSiteForm() {
  const [domain, setDomain] = useState('');
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const site = await send<SiteSettings>('POST', '/api/sites', { domain, timezone });
      navigate(`/${encodeURIComponent(site.domain)}`);
    });
  };
  return (
    <form class="card form-card add-site" onSubmit={submit} data-testid="add-site-form">
      <h2>Add a site</h2>
      <div class="form-row">
        <label class="field">
          Domain
          <input class="input" name="domain" placeholder="example.com" required value={domain} onInput={(e) => setDomain(e.currentTarget.value)} />
        </label>
        <label class="field">
          Time zone
          <input class="input" name="timezone" required value={timezone} onInput={(e) => setTimezone(e.currentTarget.value)} />
        </label>
      </div>
      <ErrorNote error={error} />
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Add site
        </button>
      </div>
    </form>
  );
}
