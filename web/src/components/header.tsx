// The top bar: the product mark, which site this is (a menu to switch), the way back to the
// site list, the site's settings for its admins and the account menu. A share link's header
// shows only the site: nothing there leads anywhere else.
import { useState } from 'preact/hooks';
import type { Site } from '../lib/api.ts';
import { onLinkClick } from '../lib/router.ts';
import { Icon, Logo } from './icons.tsx';
import { onMenuKeyDown } from './menu-keys.ts';
import { Popover } from './popover.tsx';
import { AccountMenu } from '../account/account-menu.tsx';

export function Header({ site, sites, shared = false }: { site?: string; sites?: Site[] | null; shared?: boolean }) {
  const [open, setOpen] = useState(false);
  if (shared) {
    return (
      <header class="topbar">
        <div class="topbar-inner">
          <span class="brand">
            <Logo />
            <span class="brand-name">Inkling</span>
          </span>
          <span class="crumb-sep" aria-hidden="true">
            /
          </span>
          <span class="site-name" data-testid="shared-site">
            {site}
          </span>
        </div>
      </header>
    );
  }
  const canAdmin = sites?.find((s) => s.domain === site)?.can_admin === true;
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <a href="/sites" class="brand" onClick={onLinkClick} aria-label="Inkling: all sites">
          <Logo />
          <span class="brand-name">Inkling</span>
        </a>
        {site && (
          <>
            <span class="crumb-sep" aria-hidden="true">
              /
            </span>
            <Popover
              open={open}
              onOpenChange={setOpen}
              buttonClass="site-switch"
              buttonTitle="Switch site"
              testId="site-switch"
              label={
                <>
                  <Icon name="globe" />
                  <span class="site-name">{site}</span>
                  <Icon name="chevronDown" class="chevron" />
                </>
              }
              panelClass="menu"
            >
              <div role="menu" aria-label="Sites" onKeyDown={onMenuKeyDown}>
                {(sites ?? []).map((s) => (
                  <a role="menuitemradio" aria-checked={s.domain === site} class="menu-item" href={`/${encodeURIComponent(s.domain)}`} onClick={(e) => (setOpen(false), onLinkClick(e))}>
                    <span>{s.domain}</span>
                  </a>
                ))}
                <div class="menu-sep" role="separator" />
                <a role="menuitem" class="menu-item" href="/sites" onClick={(e) => (setOpen(false), onLinkClick(e))}>
                  <span>All sites</span>
                </a>
              </div>
            </Popover>
            {canAdmin && (
              <a class="btn btn-ghost btn-sm" href={`/${encodeURIComponent(site)}/settings`} onClick={onLinkClick} data-testid="site-settings-link">
                Settings
              </a>
            )}
          </>
        )}
        <AccountMenu />
      </div>
    </header>
  );
}
