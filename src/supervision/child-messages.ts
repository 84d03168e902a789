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
