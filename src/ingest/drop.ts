// A step's answer that drops the hit, naming its reason (the closed set is in src/event.ts).
import type { DropReason } from '../event.ts';

export interface Drop {
  readonly drop: DropReason;
}

export function drop(reason: DropReason): Drop {
  return { drop: reason };
}

export function isDrop(value: unknown): value is Drop {
  return typeof value === 'object' && value !== null && 'drop' in value;
}
