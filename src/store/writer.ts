// The one writer: spools each accepted event before its answer, stores batches by size, by
// interval and on shutdown, and replays whatever the spool still holds after a crash or a store failure.
import type { Event } from '../event.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { SegmentSink } from './event-sink.ts';
import { readSegment, type Segment, type Spool } from './spool.ts';

export interface WriterOptions {
  spool: Spool;
  sink: SegmentSink;
  log: Logger;
  metrics: Metrics;
  batchSize: number;
  flushIntervalMs: number;
  now(): number;
}

const MAX_RETRY_DELAY_MS = 30_000;
/** About 25 MB of write-ahead log per checkpoint. */
const CHECKPOINT_EVERY_EVENTS = 100_000;

export class Writer {
  /** Events waiting for this turn's group write to the spool. */
  private pending: Event[] = [];
  private group: Promise<boolean> | null = null;
  private resolveGroup: (ok: boolean) => void = () => undefined;
  /** Events spooled since the last rotation: they count toward the next batch. */
  private unstored = 0;
  /** Events in closed segments not stored yet (the store reads them back from the spool files). */
  private closedBacklog = 0;
  private flushing: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryAt = 0;
  private sinceCheckpoint = 0;
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly o: WriterOptions, private nextId: bigint) {
    this.timer = setInterval(() => void this.flush(), o.flushIntervalMs);
    this.timer.unref();
  }

  /** Opens the writer: ids continue after both the store and the spool, then the spool is replayed. */
  static async open(options: WriterOptions): Promise<Writer> {
    let maxId = await options.sink.maxId();
    let left = 0;
    for (const segment of options.spool.closedSegments()) {
      const events = readSegment(segment.file);
      left += events.length;
      for (const event of events) if (event.id > maxId) maxId = event.id;
    }
    options.spool.recount();
    const writer = new Writer(options, maxId + 1n);
    writer.closedBacklog = left;
    await writer.flush();
    return writer;
  }

  /** Events accepted but not stored yet, for /metrics. */
  get queued(): number {
    return this.closedBacklog + this.unstored + this.pending.length;
  }

  /**
   * Spools the event. Events enqueued in one event-loop turn share one write (group commit);
   * the promise settles after that write: true when the event is durable, false when the
   * spool is full or failed (the hit is then dropped, never silently lost).
   */
  enqueue(fields: Omit<Event, 'id'>): Promise<boolean> {
    // Takes ownership of `fields` and stamps the id on it: a copy per hit costs more than it is worth.
    const event = fields as Event;
    event.id = this.nextId++;
    this.pending.push(event);
    if (this.group === null) {
      this.group = new Promise((resolve) => (this.resolveGroup = resolve));
      setImmediate(() => this.writeGroup());
    }
    return this.group;
  }

  private writeGroup(): void {
    if (this.group === null) return;
    const events = this.pending;
    const resolve = this.resolveGroup;
    this.pending = [];
    this.group = null;
    const ok = this.o.spool.appendGroup(events);
    if (ok) {
      this.unstored += events.length;
      if (this.unstored >= this.o.batchSize) setImmediate(() => void this.flush());
    }
    resolve(ok);
  }

  /** Stores everything accepted so far. Never rejects: failures stay in the spool and are retried. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.flushLoop().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.retryAt = 0;
    await this.flush();
    this.o.spool.close();
    if (this.failures > 0) this.o.log.error('store unavailable at shutdown; events stay in the spool for the next start', { spoolBytes: this.o.spool.bytes });
  }

  private async flushLoop(): Promise<void> {
    do {
      this.again = false;
      await this.flushOnce();
    } while (this.again);
  }

  /** Stores every closed segment, oldest first: normally just the one rotated now, more after a failure or a crash. */
  private async flushOnce(): Promise<void> {
    this.writeGroup();
    this.o.spool.rotate();
    this.closedBacklog += this.unstored;
    this.unstored = 0;
    if (this.o.now() < this.retryAt) return;
    try {
      for (const segment of this.o.spool.closedSegments()) await this.store(segment);
      // Exact again whatever a replay skipped as already stored.
      this.closedBacklog = 0;
      this.failures = 0;
      this.retryAt = 0;
    } catch (error) {
      this.failures++;
      this.o.metrics.flushFailures++;
      this.retryAt = this.o.now() + Math.min(MAX_RETRY_DELAY_MS, this.o.flushIntervalMs * 2 ** this.failures);
      this.o.log.error('store write failed; events kept in the spool', { error: (error as Error).message });
    }
  }

  private async store(segment: Segment): Promise<void> {
    const started = performance.now();
    const stored = await this.o.sink.storeSegment(segment.file, segment.firstId);
    this.o.metrics.observeFlush((performance.now() - started) / 1000, stored);
    this.o.spool.remove(segment);
    this.closedBacklog = Math.max(0, this.closedBacklog - stored);
    this.sinceCheckpoint += stored;
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY_EVENTS) {
      this.sinceCheckpoint = 0;
      // Asynchronous, so DuckDB's own checkpoint never lands inside a store.
      // A failure (say, another transaction was open) only means the next one does the work.
      await this.o.sink.checkpoint().catch(() => undefined);
    }
  }
}
