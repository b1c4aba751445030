// Pieces every account page shares: the page frame (header, title, sign-in redirect), an action
// runner that shows the server's message on failure, and small form parts.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useSession, type User } from '../lib/account-api.ts';
import { navigate } from '../lib/router.ts';
import { Header } from '../components/header.tsx';

/** Runs a submit: busy while it runs, the error's message when it fails. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Something went wrong.');
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function ErrorNote({ error }: { error: string | null }) {
  return error ? (
    <p class="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

export function toLogin(): void {
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
}

/** A signed-in page: redirects to the login when nobody is, and hands the user to `children`. */
export function AccountShell({ title, children }: { title: string; children: (user: User) => ComponentChildren }) {
  const user = useSession();
  useEffect(() => {
    document.title = `${title} · Inkling`;
  }, [title]);
  useEffect(() => {
    if (user === null) toLogin();
  }, [user]);
  return (
    <>
      <Header />
      <main class="account-page" id="main">
        <h1>{title}</h1>
        {user ? children(user) : <p class="muted">Loading…</p>}
      </main>
    </>
  );
}

/** A secret shown once (API key, share link) with a copy button. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="shown-once" data-testid="shown-once">
      <p>
        <strong>{label}</strong> It is shown only this once.
      </p>
      <div class="shown-once-row">
        <code data-testid="secret">{value}</code>
        <button type="button" class="btn btn-sm" onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
