// The signed-in user's menu in the top bar: account, users (owner), API keys (owner, admin) and
// sign out.
import { useState } from 'preact/hooks';
import { isStaff, loadSession, send, useSession } from '../lib/account-api.ts';
import { setCsrfToken } from '../lib/auth.ts';
import { navigate, onLinkClick } from '../lib/router.ts';
import { onMenuKeyDown } from '../components/menu-keys.ts';
import { Popover } from '../components/popover.tsx';

export function AccountMenu() {
  const user = useSession();
  const [open, setOpen] = useState(false);
  if (!user) return null;
  const go = (e: MouseEvent) => (setOpen(false), onLinkClick(e));
  const signOut = async () => {
    setOpen(false);
    await send('POST', '/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    await loadSession(true).catch(() => undefined);
    navigate('/login');
  };
  return (
    <div class="account-menu">
      <Popover open={open} onOpenChange={setOpen} buttonClass="btn btn-ghost" buttonTitle="Account" testId="account-menu" label={<span class="account-email">{user.email}</span>} panelClass="menu" align="end">
        <div role="menu" aria-label="Account" onKeyDown={onMenuKeyDown}>
          <a role="menuitem" class="menu-item" href="/account" onClick={go}>
            <span>Account</span>
          </a>
          {user.role === 'owner' && (
            <a role="menuitem" class="menu-item" href="/users" onClick={go}>
              <span>Users</span>
            </a>
          )}
          {isStaff(user) && (
            <a role="menuitem" class="menu-item" href="/keys" onClick={go}>
              <span>API keys</span>
            </a>
          )}
          <div class="menu-sep" role="separator" />
          <button type="button" role="menuitem" class="menu-item" onClick={() => void signOut()} data-testid="sign-out">
            <span>Sign out</span>
          </button>
        </div>
      </Popover>
    </div>
  );
}
