// Where the writer's closed spool segments land. DuckDB loads a segment file with one bulk SQL
// statement that runs on DuckDB's own threads, so storing events costs the event loop nothing.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Event } from '../event.ts';
import { LOAD_SELECT } from './event-sql.ts';
import { readSegment } from './spool.ts';
import { mergeSegmentSpans } from './visit-spans.ts';

/** What the writer stores closed spool segments through. */
export interface SegmentSink {
  /**
   * Stores every whole event line of the segment whose ids are not stored yet, so a replay
   * after a crash or a store failure never stores an event twice. Resolves to the rows stored.
   */
  storeSegment(file: string, firstId: bigint): Promise<number>;
  /** The highest stored id, 0n when there is none. */
  maxId(): Promise<bigint>;
  /** Folds the write-ahead log into the database file, off the event loop. */
  checkpoint(): Promise<void>;
}

/** A store that takes events as arrays (ClickHouse): segmentSinkFromEvents adapts it. */
export interface EventSink {
  append(events: readonly Event[]): Promise<void>;
  /** Ids already stored in [min, max]: replaying a spool segment skips them. */
  idsBetween(min: bigint, max: bigint): Promise<Set<bigint>>;
  maxId(): Promise<bigint>;
  checkpoint(): Promise<void>;
}

export function segmentSinkFromEvents(sink: EventSink): SegmentSink {
  return {
    async storeSegment(file) {
      const events = readSegment(file);
      if (events.length === 0) return 0;
      const ids = events.map((e) => e.id);
      const stored = await sink.idsBetween(ids.reduce((a, b) => (b < a ? b : a)), ids.reduce((a, b) => (b > a ? b : a)));
      const fresh = events.filter((e) => !stored.has(e.id));
      if (fresh.length > 0) await sink.append(fresh);
      return fresh.length;
    },
    maxId: () => sink.maxId(),
    checkpoint: () => sink.checkpoint(),
  };
}

/**
 * One spool line is a JSON array in the events table's column order (spool-format.ts). The
 * file is read as one text column (no delimiter or quote can occur in a JSON line), torn lines
 * (a write cut by kill -9, never acknowledged) fail json_valid and are skipped, and each value
 * is cast to its column (event-sql.ts LOAD_SELECT). Ids are compared as UBIGINT, the column's
 * type: a BIGINT bound value would cast the column and scan every id.
 */
const LOAD_SEGMENT = `INSERT INTO events
SELECT ${LOAD_SELECT}
FROM (
  SELECT from_json(line, '["VARCHAR"]') AS v
  FROM read_csv($1, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false,
                delim = '\\x01', quote = '', escape = '', new_line = '\\n')
  WHERE json_valid(line)
)
WHERE v[1]::UBIGINT NOT IN (SELECT id FROM events WHERE id >= $2::UBIGINT)`;

export function duckDbSink(connection: DuckDBConnection): SegmentSink {
  return {
    async storeSegment(file, firstId) {
      // The events and the spans of their visits commit together (visit-spans.ts).
      await connection.run('BEGIN TRANSACTION');
      try {
        const result = await connection.run(LOAD_SEGMENT, [file, firstId]);
        if (result.rowsChanged > 0) await mergeSegmentSpans(connection, firstId);
        await connection.run('COMMIT');
        return result.rowsChanged;
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async checkpoint() {
      await connection.run('CHECKPOINT');
    },
    async maxId() {
      const reader = await connection.runAndReadAll('SELECT coalesce(max(id), 0) AS id FROM events');
      return BigInt((reader.getRowsJS()[0]?.[0] as bigint | number | undefined) ?? 0);
    },
  };
}
