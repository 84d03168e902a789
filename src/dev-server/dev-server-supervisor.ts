import type { Logger } from 'pino';
import { restartDelayMs } from '../supervision/backoff';
import type { RunningDevServer } from './dev-server';

export interface DevServerSupervisorOptions {
  logger: Logger;
  /** Starts a new server on the same ports and the same SQLite file. */
  restart: () => Promise<RunningDevServer>;
  /** Called once the restarts are used up; `npm start` stops everything and exits 1. */
  onGiveUp: (reason: string) => void;
  /** At most this many restarts within `windowMs`; one more crash gives up. */
  maxRestarts?: number;
  windowMs?: number;
  /** The wait before the n-th restart in the window (1 s, 2 s, 4 s by default). */
  delayMs?: (restart: number) => number;
}

export interface SupervisedDevServer {
  /** Stops the current server (and any restart in progress); no restart afterwards. */
  stop(): Promise<void>;
  /** The current server process's pid, for a forced stop (SIGKILL) that must not leave it behind. */
  pid(): number | undefined;
}

/**
 * Restarts the dev server `npm start` started when it dies: on the same SQLite file, so jobs carry on where they
 * were (the workers and the facade reconnect by themselves, and the facade answers 503 meanwhile), after 1 s,
 * 2 s, 4 s. A server that keeps dying (more than `maxRestarts` restarts within `windowMs`, 3 in 10 minutes by
 * default) is not hidden behind endless restarts: `onGiveUp` is told why.
 */
export function superviseDevServer(first: RunningDevServer, options: DevServerSupervisorOptions): SupervisedDevServer {
  const { logger } = options;
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.windowMs ?? 10 * 60_000;
  const restarts: number[] = [];
  let current: RunningDevServer | undefined = first;
  let stopping = false;
  let pending: Promise<void> = Promise.resolve();

  const watch = (server: RunningDevServer): void => {
    void server.exited.then(({ code, signal }) => {
      if (stopping || server !== current) return;
      current = undefined;
      pending = recover(`the Temporal dev server (pid ${server.process.pid}) exited with code ${code}, signal ${signal}`);
    });
  };

  const recover = async (cause: string): Promise<void> => {
    for (;;) {
      const now = Date.now();
      while (restarts.length > 0 && (restarts[0] ?? now) < now - windowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        const window = `${Math.round(windowMs / 1000)} s`;
        options.onGiveUp(`${cause}; restarted ${restarts.length} times within ${window} already, it is not restarted again`);
        return;
      }
      restarts.push(now);
      const delayMs = (options.delayMs ?? restartDelayMs)(restarts.length);
      logger.error(
        { restart: restarts.length, maxRestarts, restartInMs: delayMs },
        `${cause}; restarting it on the same data in ${delayMs} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (stopping) return;
      try {
        const server = await options.restart();
        if (stopping) {
          await server.stop();
          return;
        }
        current = server;
        logger.info({ pid: server.process.pid, restart: restarts.length }, 'the Temporal dev server is back');
        watch(server);
        return;
      } catch (error) {
        cause = `the Temporal dev server did not come back: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
    }
  };

  watch(first);
  return {
    pid: () => current?.process.pid,
    async stop() {
      stopping = true;
      await pending;
      await current?.stop();
    },
  };
}
