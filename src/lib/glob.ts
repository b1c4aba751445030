// Wildcard matching where `*` is any run of characters and everything else is literal, in time
// linear in the text: a regular expression with several `.*` backtracks, and one pattern set by a
// site admin would otherwise stall the process on every hit with a long path.

export type GlobMatcher = (text: string) => boolean;

/** "/admin/*" -> a test of the whole text; runs of `*` are one `*`. */
export function compileGlob(pattern: string): GlobMatcher {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return (text) => text === pattern;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  // Empty pieces come from runs of `*` and from a leading or trailing one: they match anywhere.
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  const minLength = first.length + last.length;
  return (text) => {
    if (text.length < minLength || !text.startsWith(first) || !text.endsWith(last)) return false;
    // Leftmost matches of each middle piece leave the most room for the rest: no retries needed.
    const end = text.length - last.length;
    let at = first.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
