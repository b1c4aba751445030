// The append-only spool: every accepted event is written here before its answer goes out,
// so a kill -9 loses nothing acknowledged. Segments are rotated per flush and deleted once stored.
import fs from 'node:fs';
import path from 'node:path';
import type { Event } from '../ingest/types.ts';

const SEGMENT = /^segment-(\d{20})\.ndjson$/;

export interface Segment {
  file: string;
  bytes: number;
}

export class Spool {
  private fd: number | null = null;
  private current: Segment | null = null;
  private closedBytes = 0;

  constructor(private readonly dir: string, private readonly maxBytes: number) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Segments left by an earlier run (or a failed flush), oldest first. */
  closedSegments(): Segment[] {
    const names = fs.readdirSync(this.dir).filter((n) => SEGMENT.test(n)).sort();
    return names
      .map((name) => ({ file: path.join(this.dir, name), bytes: fs.statSync(path.join(this.dir, name)).size }))
      .filter((s) => s.file !== this.current?.file);
  }

  get bytes(): number {
    return this.closedBytes + (this.current?.bytes ?? 0);
  }

  /** Recounts the bytes of closed segments (after start-up or a replay). */
  recount(): void {
    this.closedBytes = this.closedSegments().reduce((sum, s) => sum + s.bytes, 0);
  }

  /** Appends one event; false when the disk bound would be passed (the event is then not accepted). */
  append(event: Event): boolean {
    const line = serializeEvent(event) + '\n';
    const size = Buffer.byteLength(line);
    if (this.bytes + size > this.maxBytes) return false;
    if (this.fd === null || this.current === null) this.open(event.id);
    fs.writeSync(this.fd!, line);
    this.current!.bytes += size;
    return true;
  }

  /** Closes the segment being written and returns it (null when nothing was written). */
  rotate(): Segment | null {
    if (this.fd === null || this.current === null) return null;
    fs.closeSync(this.fd);
    const closed = this.current;
    this.fd = null;
    this.current = null;
    this.closedBytes += closed.bytes;
    return closed;
  }

  remove(segment: Segment): void {
    fs.rmSync(segment.file, { force: true });
    this.closedBytes = Math.max(0, this.closedBytes - segment.bytes);
  }

  close(): void {
    this.rotate();
  }

  private open(firstId: bigint): void {
    const file = path.join(this.dir, `segment-${firstId.toString().padStart(20, '0')}.ndjson`);
    this.fd = fs.openSync(file, 'a');
    this.current = { file, bytes: 0 };
  }
}

export function serializeEvent(event: Event): string {
  return JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Reads a segment; a torn last line (killed mid-write, so never acknowledged) is skipped. */
export function readSegment(file: string): Event[] {
  const events: Event[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const raw = JSON.parse(line) as Event & { id: string; visitorId: string; sessionId: string };
      events.push({ ...raw, id: BigInt(raw.id), visitorId: BigInt(raw.visitorId), sessionId: BigInt(raw.sessionId) });
    } catch {
      continue;
    }
  }
  return events;
}
