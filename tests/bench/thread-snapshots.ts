/**
 * Heap snapshots of the SDK's workflow thread, for the benchmarks (`bench:scale --heap-snapshots 15,60`).
 * The SDK creates its workflow threads itself (threaded-vm.js: `new node_worker_threads_1.Worker(...)`, the
 * property read at call time), so the module's Worker is replaced, before the SDK worker is created, by a subclass
 * that remembers each thread it starts. A snapshot is then `worker.getHeapSnapshot()` (Node >= 13.9), streamed to a
 * file; the thread is paused while V8 writes it, and it takes a full GC first, so the figures around it move.
 * Read the files with tests/bench/heap-summary.ts.
 */
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';

export interface CapturedThread {
  worker: NodeWorker;
  /** The script the thread runs (the SDK's workflow-worker-thread.js for a workflow thread). */
  filename: string;
  /**
   * What the SDK asked of the thread so far (its requests, threaded-vm.js): workflows created and disposed (their
   * difference is what the thread holds in workflowByRunId), and requests sent but not answered yet (queued in the
   * thread's port or running).
   */
  requests: { created: number; disposed: number; activations: number; sent: number; answered: number };
}

/** Starts remembering every worker thread this process creates; returns the live list. Call once, early. */
export function captureWorkerThreads(): CapturedThread[] {
  // The module object itself (require), not an ES namespace copy: the SDK reads `.Worker` from it.
  const workerThreads = createRequire(__filename)('node:worker_threads') as { Worker: typeof NodeWorker };
  const Original = workerThreads.Worker;
  const captured: CapturedThread[] = [];
  class CapturingWorker extends Original {
    constructor(filename: string | URL, options?: WorkerOptions) {
      super(filename, options);
      const requests = { created: 0, disposed: 0, activations: 0, sent: 0, answered: 0 };
      captured.push({ worker: this, filename: String(filename), requests });
      const post = this.postMessage.bind(this);
      this.postMessage = (message: unknown, transfer?: Parameters<NodeWorker['postMessage']>[1]) => {
        const type = (message as { input?: { type?: string } } | null)?.input?.type;
        if (type === 'create-workflow') requests.created += 1;
        else if (type === 'dispose-workflow') requests.disposed += 1;
        else if (type === 'activate-workflow') requests.activations += 1;
        requests.sent += 1;
        post(message, transfer);
      };
      this.on('message', (message: unknown) => {
        if (message !== null && typeof message === 'object' && 'requestId' in message) requests.answered += 1;
      });
    }
  }
  workerThreads.Worker = CapturingWorker;
  return captured;
}

/** Writes a heap snapshot of each captured workflow thread to `${prefix}-<thread id>.heapsnapshot`; returns the files. */
export async function snapshotWorkflowThreads(threads: readonly CapturedThread[], prefix: string): Promise<string[]> {
  const files: string[] = [];
  for (const { worker, filename } of threads) {
    if (!filename.includes('workflow-worker-thread')) continue;
    const file = `${prefix}-${worker.threadId}.heapsnapshot`;
    await pipeline(await worker.getHeapSnapshot(), createWriteStream(file));
    files.push(file);
  }
  return files;
}
