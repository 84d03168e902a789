import type { Worker } from '@temporalio/worker';

export interface RunningWorkers {
  /** Settles when every worker has stopped; rejects if one fails. */
  done: Promise<void>;
  /** Asks every worker to stop (in-flight activities get their grace time) and waits for them. */
  stop(): Promise<void>;
}

export function runWorkers(workers: readonly Worker[]): RunningWorkers {
  const done = Promise.all(workers.map((worker) => worker.run())).then(() => undefined);
  return {
    done,
    async stop() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
