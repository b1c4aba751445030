// Accepting one hit: pipeline, then the writer. The only thing collect routes call.
import type { DropReason } from '../event.ts';
import { isDrop } from './drop.ts';
import { newHit, runPipeline, type PipelineDeps } from './pipeline.ts';
import { toEvent } from './event.ts';
import type { RequestFacts, WireEvent } from './types.ts';
import type { Metrics } from '../metrics.ts';
import type { Writer } from '../store/writer.ts';

export interface Ingest {
  /**
   * Runs the hit through the pipeline and spools it. Resolves to the drop reason, or to null
   * once the event is durable in the spool (only then may the answer go out).
   */
  accept(wire: WireEvent, facts: RequestFacts): Promise<DropReason | null>;
}

export function createIngest(deps: PipelineDeps, writer: Writer, metrics: Metrics): Ingest {
  return {
    async accept(wire, facts) {
      const result = runPipeline(newHit(wire, facts), deps);
      if (isDrop(result)) {
        metrics.countDrop(result.drop);
        return result.drop;
      }
      if (!(await writer.enqueue(toEvent(result)))) {
        metrics.countDrop('spool_full');
        return 'spool_full';
      }
      metrics.accepted++;
      return null;
    },
  };
}
