// Screen size from the tracker's "W,H" / "WxH" / "W×H" string, within sane bounds.

export interface ScreenSize {
  screenWidth: number | null;
  screenHeight: number | null;
}

/** Larger than any real display (8K is 7680), small enough to reject garbage. */
const MAX_SCREEN_SIDE = 20_000;
const SCREEN = /^\s*(\d{1,6})\s*[,xX×]\s*(\d{1,6})\s*$/;

export function parseScreen(raw: string | null): ScreenSize {
  if (raw === null || raw.length > 32) return { screenWidth: null, screenHeight: null };
  const match = SCREEN.exec(raw);
  if (match === null) return { screenWidth: null, screenHeight: null };
  const width = Number(match[1]);
  const height = Number(match[2]);
  // Both or neither: a half-known screen would skew the size breakdown.
  if (!isSide(width) || !isSide(height)) return { screenWidth: null, screenHeight: null };
  return { screenWidth: width, screenHeight: height };
}

function isSide(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_SCREEN_SIDE;
}
