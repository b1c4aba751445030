// Masks what identifies a person in a referrer's path: e-mail addresses, long numbers and UUIDs
// (account, order and message ids). The host and the rest of the path still name the source.

/**
 * "@" or "%40" (decodeURI keeps reserved escapes). Each try starts only where a run of local-part
 * characters starts (the look-behind), so a long run costs one pass, not one per position.
 */
const EMAIL = /(?<![\w.%+-])[\w.%+-]+(?:@|%40)[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** A UUID without dashes, or a longer hex token; with a digit, so that a word of a-f is kept. */
const HEX_ID = /\b(?=[a-f]*\d)[0-9a-f]{32,}\b/gi;
const LONG_NUMBER = /\d{6,}/g;

export function redactPath(path: string): string {
  let out = path.includes('@') || path.includes('%40') ? path.replace(EMAIL, ':email') : path;
  out = out.replace(UUID, ':id').replace(HEX_ID, ':id');
  return out.replace(LONG_NUMBER, ':id');
}
