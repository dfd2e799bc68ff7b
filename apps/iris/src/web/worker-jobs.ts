/** What the worker does at the page's request, one at a time: train, or reload the best checkpoint. */
export type WorkerJob = 'run' | 'reload';

/**
 * One job at a time in the worker. A run and a reload both choose the runtime's backend (`tf.setBackend`) and hold
 * models on it: a reload whose backend switch finished after a new run's would leave the run training on a backend
 * other than the one it reports, and its late result would land on the new run's record. So a job asked for while
 * another is in flight is refused, never started alongside it; the page also keeps Train and Reload disabled until the
 * job in flight answers.
 *
 * @example
 * ```ts
 * import { jobGate } from './worker-jobs.js';
 * const gate = jobGate();
 * const reloaded = gate.exclusive('reload', async () => 'reloaded');
 * await gate.exclusive('run', async () => 'trained'); // throws: cannot start a run while a reload is in progress
 * ```
 */
export interface JobGate {
  /** The job in flight, or `null`. */
  readonly current: WorkerJob | null;
  /**
   * Runs `work` as `job` when no other job is in flight; otherwise rejects without calling it. The gate is taken before
   * `work` starts and released when it settles, whether it resolves or throws.
   */
  exclusive<T>(job: WorkerJob, work: () => Promise<T>): Promise<T>;
}

/** A {@link JobGate} with no job in flight. */
export function jobGate(): JobGate {
  let current: WorkerJob | null = null;
  return {
    get current() {
      return current;
    },
    async exclusive(job, work) {
      if (current !== null) throw new Error(`cannot start a ${job} while a ${current} is in progress`);
      current = job;
      try {
        return await work();
      } finally {
        current = null;
      }
    },
  };
}
