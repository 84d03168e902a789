/**
 * What a supervised child process tells its parent over the IPC channel. The parent (src/supervision) reads it;
 * the child (workers/agent-worker.ts) sends it once its workers poll.
 */
export interface ReadyMessage {
  type: 'ready';
  taskQueues: string[];
}

export const isReadyMessage = (message: unknown): message is ReadyMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';

/** True when this process was started by a supervisor with an IPC channel (`npm start`'s agent processes). */
export const isSupervisedChild = (): boolean => typeof process.send === 'function';

/** Tells the supervisor this process is ready; a no-op when it runs on its own. */
export function reportReady(taskQueues: string[]): void {
  const message: ReadyMessage = { type: 'ready', taskQueues };
  process.send?.(message);
}

/**
 * A worker process's load, measured by itself and sent every `autoscaling.interval`: the steps it runs, the slots it
 * has, and the share of the last interval its event loop was busy (an agent's work is CPU on that loop, so a loop
 * busy all the time cannot take more work even with free slots). The autoscaler (src/supervision/autoscaler.ts)
 * reads it.
 */
export interface LoadMessage {
  type: 'load';
  /** Activities running now (the SDK worker's in-flight count). */
  stepsRunning: number;
  /** Activity slots: maxConcurrentActivities (the most a resource-based tuner hands out). */
  slots: number;
  /** 0..1: the busy share of the event loop since the previous report. */
  eventLoopUtilisation: number;
}

export const isLoadMessage = (message: unknown): message is LoadMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'load';

/** Sends this process's load to the supervisor; a no-op when it runs on its own. */
export function reportLoad(load: Omit<LoadMessage, 'type'>): void {
  const message: LoadMessage = { type: 'load', ...load };
  process.send?.(message);
}
