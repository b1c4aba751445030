// A background job run after a first delay and then at an interval, one run at a time;
// stop() cancels what is scheduled and waits for a run in progress. Timers never keep the
// process alive.
export interface PeriodicJob {
  stop(): Promise<void>;
}

export function startPeriodic(job: () => Promise<void>, firstDelayMs: number, intervalMs: number): PeriodicJob {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(job);
  };
  const first = setTimeout(run, firstDelayMs);
  const every = setInterval(run, intervalMs);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
