// Progress for long imports and exports: a redrawn bar with rate and ETA on a TTY, plain lines otherwise.
//
// Ours rather than cli-progress: that brings five more packages (string-width, strip-ansi,
// ansi-regex, emoji-regex, is-fullwidth-code-point) for one line of text, writes to a stream and
// reads Date.now itself, so the non-TTY lines would need a stream around a command's output
// sink and tests could not inject the clock; `progress` draws nothing when stderr is not a TTY.

export interface ProgressOptions {
  label: string;
  /** What is counted ("rows", "MB"...); null total when unknown. */
  unit: string;
  total: number | null;
  /** TTY: redraws one line in place. Otherwise writes a whole line now and then. */
  tty: boolean;
  write(text: string): void;
  now?: () => number;
  /** Shown values are `done / scale` (bytes -> MB). */
  scale?: number;
}

export interface Progress {
  update(done: number): void;
  finish(done: number): void;
}

const TTY_EVERY_MS = 100;
const PLAIN_EVERY_MS = 5_000;
const BAR = 24;

export function createProgress(o: ProgressOptions): Progress {
  const now = o.now ?? (() => Date.now());
  const started = now();
  let shownAt = started;
  const line = (done: number): string => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const rate = done / seconds;
    const scale = o.scale ?? 1;
    const amount = o.total === null ? `${fmt(done / scale)} ${o.unit}` : `${fmt(done / scale)}/${fmt(o.total / scale)} ${o.unit}`;
    const speed = `${fmt(rate / scale)} ${o.unit}/s`;
    if (o.total === null || o.total === 0) return `${o.label} ${amount} ${speed}`;
    const share = Math.min(1, done / o.total);
    const eta = rate > 0 ? clock((o.total - done) / rate) : '?';
    const bar = o.tty ? ` [${'#'.repeat(Math.round(share * BAR)).padEnd(BAR, '.')}]` : '';
    return `${o.label}${bar} ${(share * 100).toFixed(0).padStart(3)}% ${amount} ${speed} ETA ${eta}`;
  };
  return {
    update(done) {
      const t = now();
      if (t - shownAt < (o.tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      shownAt = t;
      o.write(o.tty ? `\r${line(done)}\u001b[K` : line(done));
    },
    finish(done) {
      o.write(o.tty ? `\r${line(done)}\u001b[K\n` : line(done));
    },
  };
}

/** Whole counts as they are, big values rounded, small fractions (MB) with one decimal. */
function fmt(n: number): string {
  return Number.isInteger(n) || n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Progress to stderr: in place on a terminal, else one line each few seconds through `err`. */
export function stderrProgress(label: string, unit: string, total: number | null, err: (line: string) => void, scale?: number): Progress {
  const tty = process.stderr.isTTY === true;
  return createProgress({ label, unit, total, tty, scale, write: tty ? (text) => process.stderr.write(text) : err });
}
