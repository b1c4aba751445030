// Visits: 30 minutes of inactivity ends one. A bounded LRU keyed by visitor_id holds the live ones.
import { VISIT_TIMEOUT_MS } from '../event.ts';
import { Lru } from './enrich/lru.ts';

interface LiveVisit {
  sessionId: bigint;
  lastSeen: number;
}

export interface VisitAssignment {
  visitorId: bigint;
  sessionId: bigint;
}

export class VisitCache {
  private readonly live: Lru<bigint, LiveVisit>;

  constructor(maxSize: number, private readonly newSessionId: () => bigint) {
    this.live = new Lru(maxSize);
  }

  get size(): number {
    return this.live.size;
  }

  /** Restores a visit seen before a restart (from the store's last 30 minutes). */
  restore(visitorId: bigint, sessionId: bigint, lastSeen: number): void {
    const known = this.live.get(visitorId);
    if (!known || known.lastSeen < lastSeen) this.live.set(visitorId, { sessionId, lastSeen });
  }

  /** True when this visitor id has a visit still within the timeout (recency untouched). */
  isLive(visitorId: bigint, ts: number): boolean {
    const session = this.live.peek(visitorId);
    return session !== undefined && ts - session.lastSeen <= VISIT_TIMEOUT_MS;
  }

  /**
   * Finds the live visit for this visitor, also under yesterday's salt so a visit
   * continues across midnight (keeping the id it started with), or starts one.
   * Returns null when `startAllowed` is false and no visit is live.
   */
  assign(ids: { current: bigint; previous: bigint | null }, ts: number, startAllowed: boolean): VisitAssignment | null {
    for (const visitorId of ids.previous === null ? [ids.current] : [ids.current, ids.previous]) {
      const session = this.live.get(visitorId);
      if (session && ts - session.lastSeen <= VISIT_TIMEOUT_MS) {
        session.lastSeen = Math.max(session.lastSeen, ts);
        return { visitorId, sessionId: session.sessionId };
      }
    }
    if (!startAllowed) return null;
    const sessionId = this.newSessionId();
    this.live.set(ids.current, { sessionId, lastSeen: ts });
    return { visitorId: ids.current, sessionId };
  }
}
