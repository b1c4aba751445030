// Who may do what: one place for every decision, as plain predicates over a Principal.
// Roles are per team (the whole server): owner > admin > viewer. Keys and share links are
// limited to their sites; a share link only ever reads the stats of its one site.
import type { Principal } from './principal.ts';
import { STAFF_ROLES } from '../store/users.ts';

export function isUser(p: Principal): p is Extract<Principal, { kind: 'user' }> {
  return p.kind === 'user';
}

function isStaff(p: Principal): boolean {
  return p.kind === 'user' && STAFF_ROLES.includes(p.user.role);
}

function keyCovers(p: Extract<Principal, { kind: 'key' }>, site: string): boolean {
  return p.key.sites === null || p.key.sites.includes(site);
}

/** Stats of `site` (a public site is readable by anyone; the caller checks that). */
export function canReadSite(p: Principal, site: string): boolean {
  switch (p.kind) {
    case 'user':
      return true;
    case 'key':
      return keyCovers(p, site);
    case 'share':
      return p.site === site;
    case 'anonymous':
      return false;
    default:
      return assertNever(p);
  }
}

/** Settings, share links and deletion of an existing site. */
export function canAdminSite(p: Principal, site: string): boolean {
  if (p.kind === 'key') return p.key.access === 'admin' && keyCovers(p, site);
  return isStaff(p);
}

/**
 * Deleting a site and all its events: a signed-in owner or admin only (the dashboard asks for the
 * domain typed again). Never an API key, even an admin one: a leaked key must not wipe data.
 */
export function canDeleteSite(p: Principal): boolean {
  return isStaff(p);
}

/** Sites are created, and API keys made, by signed-in owners and admins only. */
export function canCreateSites(p: Principal): boolean {
  return isStaff(p);
}

export function canManageKeys(p: Principal): boolean {
  return isStaff(p);
}

export function canManageUsers(p: Principal): boolean {
  return p.kind === 'user' && p.user.role === 'owner';
}

function assertNever(value: never): never {
  throw new Error(`unexpected principal ${JSON.stringify(value)}`);
}
