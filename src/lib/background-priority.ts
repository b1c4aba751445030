// The event loop answers every hit; every other thread of the server process is background work:
// DuckDB's workers, libuv's pool (where DuckDB statements run), V8's helpers. On the 2-core box
// Inkling is sized for, a segment load's threads plus the load generator or proxy outnumber the
// cores, and the kernel then shared them evenly: hits waited behind storage work (and a young-gen
// GC, paused mid-way, took up to 30 ms instead of 2). At the lowest priority, background threads
// use the cores whenever the event loop does not, and give way at once when it wants one.
// This needs Node's --single-threaded-gc (bin/inkling.js and `npm start` pass it): otherwise a
// young-gen GC hands work to V8's helper threads and the event loop would wait for them at the
// lowest priority. Measured with `npm run bench:ingest` (README, "How ingestion works").
import fs from 'node:fs';
import os from 'node:os';

/** The lowest priority a thread can lower itself to without privileges. */
const BACKGROUND_NICE = 19;

/**
 * Lowers every thread of this process but the main one (the event loop) to the background
 * priority and returns how many it lowered. Threads started later keep the normal priority, so
 * call this once the store is open and its threads exist. Without /proc (not Linux), or with
 * V8's parallel GC, it does nothing.
 */
export function lowerBackgroundThreads(): number {
  if (!process.execArgv.includes('--single-threaded-gc')) return 0;
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let lowered = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (tid === process.pid) continue;
    try {
      // On Linux a thread id names that one thread to setpriority().
      os.setPriority(tid, BACKGROUND_NICE);
      lowered++;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return lowered;
}
