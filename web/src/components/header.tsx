// The top bar: the product mark, which site this is (a menu to switch), and the way back to
// the site list.
import { useState } from 'preact/hooks';
import type { Site } from '../lib/api.ts';
import { onLinkClick } from '../lib/router.ts';
import { Icon, Logo } from './icons.tsx';
import { onMenuKeyDown } from './menu-keys.ts';
import { Popover } from './popover.tsx';

export function Header({ site, sites }: { site?: string; sites?: Site[] | null }) {
  const [open, setOpen] = useState(false);
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
          </>
        )}
      </div>
    </header>
  );
}
