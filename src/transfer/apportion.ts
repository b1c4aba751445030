// Sharing a whole number of slots among weighted labels (largest remainder), then shuffling them evenly.

/** Integer shares of `total` proportional to `weights`, summing exactly to `total` (all zero weights: none). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) * total) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    shares[i]!++;
  }
  return shares;
}

/** `total` labels in proportion to their weights, in a shuffled order; null fills when there are no weights. */
export function spreadLabels<T>(weighted: ReadonlyArray<readonly [T, number]>, total: number, random: () => number): Array<T | null> {
  const shares = apportion(weighted.map(([, w]) => w), total);
  const labels: Array<T | null> = [];
  shares.forEach((n, i) => {
    for (let k = 0; k < n; k++) labels.push(weighted[i]![0]);
  });
  while (labels.length < total) labels.push(null);
  return shuffle(labels, random);
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** mulberry32: small and deterministic, so an import of the same file gives the same events. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
