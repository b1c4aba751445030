// This node's tag: a random number kept in the data directory, so its event ids (clickhouse-sink.ts)
// never collide with another node's, and stay in the same range across restarts.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE } from './data-dir.ts';

const FILE = 'node-tag';
/** Tags fit 23 bits, so tag * 2^40 stays below 2^63 (a signed 64-bit id is still positive). */
const MAX_TAG = 2 ** 23 - 1;

export function readNodeTag(dataDir: string): number {
  const file = path.join(dataDir, FILE);
  const stored = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) : NaN;
  if (Number.isInteger(stored) && stored >= 1 && stored <= MAX_TAG) return stored;
  const tag = randomInt(1, MAX_TAG + 1);
  fs.writeFileSync(file, `${tag}\n`, { mode: PRIVATE_FILE });
  return tag;
}
