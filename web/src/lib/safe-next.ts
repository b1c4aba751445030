// Where a sign-in returns to (?next=): a path on this site only. Browsers drop tabs and newlines
// from URLs and read a backslash as a slash, so "/\t/evil.test" or "/\\evil.test" would leave the
// site; anything with those is refused outright, and the rest must resolve to this origin.
const FALLBACK = '/sites';

export function safeNext(raw: string | null, origin: string): string {
  if (!raw || !raw.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(raw)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== origin) return FALLBACK;
  return url.pathname + url.search + url.hash;
}
