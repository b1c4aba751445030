// Process metrics, rendered in the Prometheus text format at GET /metrics.
import { dropReasons, type DropReason } from './event.ts';

export class Metrics {
  accepted = 0;
  readonly dropped = new Map<DropReason, number>(dropReasons.map((r) => [r, 0]));
  flushes = 0;
  flushFailures = 0;
  flushSecondsSum = 0;
  flushSecondsMax = 0;
  flushedEvents = 0;
  /** Read at render time so gauges are always current. */
  gauges: () => { queueEvents: number; spoolBytes: number; sessions: number } = () => ({ queueEvents: 0, spoolBytes: 0, sessions: 0 });

  countDrop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  observeFlush(seconds: number, events: number): void {
    this.flushes++;
    this.flushedEvents += events;
    this.flushSecondsSum += seconds;
    this.flushSecondsMax = Math.max(this.flushSecondsMax, seconds);
  }

  render(): string {
    const g = this.gauges();
    const lines = [
      '# HELP inkling_hits_accepted_total Hits accepted and spooled.',
      '# TYPE inkling_hits_accepted_total counter',
      `inkling_hits_accepted_total ${this.accepted}`,
      '# HELP inkling_hits_dropped_total Hits dropped, by reason.',
      '# TYPE inkling_hits_dropped_total counter',
      ...[...this.dropped].map(([reason, n]) => `inkling_hits_dropped_total{reason="${reason}"} ${n}`),
      '# HELP inkling_flush_duration_seconds Time to store one batch.',
      '# TYPE inkling_flush_duration_seconds summary',
      `inkling_flush_duration_seconds_sum ${this.flushSecondsSum}`,
      `inkling_flush_duration_seconds_count ${this.flushes}`,
      '# HELP inkling_flush_duration_seconds_max Longest batch store so far.',
      '# TYPE inkling_flush_duration_seconds_max gauge',
      `inkling_flush_duration_seconds_max ${this.flushSecondsMax}`,
      '# HELP inkling_flush_failures_total Batches the store refused (kept in the spool and retried).',
      '# TYPE inkling_flush_failures_total counter',
      `inkling_flush_failures_total ${this.flushFailures}`,
      '# HELP inkling_events_stored_total Events written to the store.',
      '# TYPE inkling_events_stored_total counter',
      `inkling_events_stored_total ${this.flushedEvents}`,
      '# HELP inkling_writer_queue_events Events accepted but not yet stored.',
      '# TYPE inkling_writer_queue_events gauge',
      `inkling_writer_queue_events ${g.queueEvents}`,
      '# HELP inkling_spool_bytes Bytes in the spool.',
      '# TYPE inkling_spool_bytes gauge',
      `inkling_spool_bytes ${g.spoolBytes}`,
      '# HELP inkling_sessions_live Visits in the session cache.',
      '# TYPE inkling_sessions_live gauge',
      `inkling_sessions_live ${g.sessions}`,
    ];
    return lines.join('\n') + '\n';
  }
}
