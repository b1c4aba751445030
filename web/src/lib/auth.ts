// The credentials the dashboard adds to its API calls. On a share link: the link's token (and,
// for a password-protected link, the grant the password bought). Signed in: the cookie goes by
// itself, and every state change carries the session's CSRF token.
let csrfToken: string | null = null;
const GRANT_PREFIX = 'inkling:share-grant:';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The token of the share link being viewed, or null outside /share/<token>. */
export function shareToken(): string | null {
  const match = /^\/share\/([A-Za-z0-9_-]{20,64})\/?$/.exec(location.pathname);
  return match ? match[1]! : null;
}

export function setShareGrant(token: string, grant: string): void {
  sessionStorage.setItem(GRANT_PREFIX + token, grant);
}

export function authHeaders(method: string): Record<string, string> {
  const token = shareToken();
  if (token !== null) {
    const grant = sessionStorage.getItem(GRANT_PREFIX + token);
    return { authorization: `Share ${token}`, ...(grant ? { 'x-share-grant': grant } : {}) };
  }
  return method !== 'GET' && csrfToken !== null ? { 'x-csrf-token': csrfToken } : {};
}
