// The append-only spool: every accepted event is written here before its answer goes out,
// so a kill -9 loses nothing acknowledged. Segments are rotated per flush and deleted once stored.
import fs from 'node:fs';
import path from 'node:path';
import type { Event } from '../event.ts';
import { eventFromLine, eventToLine } from './spool-format.ts';
import { PRIVATE_DIR, PRIVATE_FILE } from './data-dir.ts';

const SEGMENT = /^segment-(\d{20})\.ndjson$/;

export interface Segment {
  file: string;
  bytes: number;
  /** The id of its first event (from the file name): every later event has a higher one. */
  firstId: bigint;
}

export class Spool {
  private fd: number | null = null;
  private current: Segment | null = null;
  private closedBytes = 0;

  constructor(private readonly dir: string, private readonly maxBytes: number) {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  }

  /** Segments left by an earlier run (or a failed flush), oldest first. */
  closedSegments(): Segment[] {
    const names = fs.readdirSync(this.dir).filter((n) => SEGMENT.test(n)).sort();
    return names
      .map((name) => ({ file: path.join(this.dir, name), bytes: fs.statSync(path.join(this.dir, name)).size, firstId: BigInt(SEGMENT.exec(name)![1]!) }))
      .filter((s) => s.file !== this.current?.file);
  }

  get bytes(): number {
    return this.closedBytes + (this.current?.bytes ?? 0);
  }

  /** Recounts the bytes of closed segments (after start-up or a replay). */
  recount(): void {
    this.closedBytes = this.closedSegments().reduce((sum, s) => sum + s.bytes, 0);
  }

  /**
   * Appends a group of events with one write (group commit). False when the disk bound
   * would be passed or the write failed: none of the group is then accepted.
   */
  appendGroup(events: readonly Event[]): boolean {
    const first = events[0];
    if (first === undefined) return true;
    let text = '';
    for (const event of events) text += eventToLine(event) + '\n';
    const bytes = Buffer.from(text);
    if (this.bytes + bytes.length > this.maxBytes) return false;
    try {
      if (this.fd === null || this.current === null) this.open(first.id);
      writeAll(this.fd!, bytes);
    } catch {
      this.discardTornWrite();
      return false;
    }
    this.current!.bytes += bytes.length;
    return true;
  }

  /** Cuts a failed write back to the last whole line, so the next group never lands on a torn one. */
  private discardTornWrite(): void {
    if (this.fd === null || this.current === null) return;
    try {
      fs.ftruncateSync(this.fd, this.current.bytes);
    } catch {
      // Cannot cut it back: start a new segment; the reader skips the torn last line.
      this.rotate();
    }
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
    this.fd = fs.openSync(file, 'a', PRIVATE_FILE);
    this.current = { file, bytes: 0, firstId };
  }
}

/** writeSync may write part of a buffer without an error: loop until all of it is written. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Reads a segment; a torn last line (killed mid-write, so never acknowledged) is skipped. */
export function readSegment(file: string): Event[] {
  const events: Event[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const event = eventFromLine(line);
    if (event !== null) events.push(event);
  }
  return events;
}
