import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import { restartDelayMs } from './backoff';
import { isReadyMessage } from './child-messages';

export interface SupervisedProcessOptions {
  /** What the logs call it, e.g. "agent compliance". */
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** How long stop() waits after SIGTERM before SIGKILL: the child's own drain time plus a margin. */
  stopTimeoutMs: number;
  /** A run at least this long counts as healthy: the next crash restarts after the first delay again. */
  healthyAfterMs?: number;
  /** Every other message the child sends over IPC (its load reports). */
  onMessage?: (message: unknown) => void;
}

export interface SupervisedProcess {
  readonly name: string;
  /** The current child's pid (undefined between a crash and its restart). */
  pid(): number | undefined;
  /** Resolves when the first child reports ready; rejects if it exits before that (a start-up error, not a crash). */
  ready: Promise<void>;
  /** SIGTERM to the child, waits for it to drain and exit (SIGKILL after stopTimeoutMs); no restart afterwards. */
  stop(): Promise<void>;
}

/**
 * Runs a child process and keeps it running: a child that crashes after it was ready is restarted after 1 s, 2 s,
 * 4 s ... up to 30 s (back to 1 s after a healthy run), and each restart is logged.
 *
 * The child gets its own process group (`detached`), so a Ctrl-C in the terminal (SIGINT to the foreground
 * group, which npm forwards a second time) reaches only the parent, and the parent stops its children in order.
 * Its stdout and stderr are the parent's, so its JSON log lines join the same stream. The IPC channel carries its
 * "ready" message, and tells the child when the parent is gone (the channel closes), so that it stops too.
 */
export function superviseProcess(options: SupervisedProcessOptions): SupervisedProcess {
  const { name, logger } = options;
  const healthyAfterMs = options.healthyAfterMs ?? 60_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let everReady = false;
  let crashesInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let settleReady: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Not an unhandled rejection when a caller awaits `ready` only later (or never, once stopping).
  ready.catch(() => undefined);

  const launch = (): void => {
    const startedAt = Date.now();
    const current = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = current;
    current.on('message', (message) => {
      if (!isReadyMessage(message)) return options.onMessage?.(message);
      logger.info({ process: name, pid: current.pid, taskQueues: message.taskQueues }, 'child process ready');
      if (!everReady) {
        everReady = true;
        settleReady?.resolve();
      }
    });
    current.on('error', (error) => logger.error({ process: name, err: error }, 'child process error'));
    exited = new Promise<void>((resolve) => {
      current.once('exit', (code, signal) => {
        child = undefined;
        resolve();
        if (stopping) {
          logger.info({ process: name, pid: current.pid, code, signal }, 'child process stopped');
          return;
        }
        if (!everReady) {
          settleReady?.reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready`));
          return;
        }
        crashesInARow = Date.now() - startedAt >= healthyAfterMs ? 1 : crashesInARow + 1;
        const delayMs = restartDelayMs(crashesInARow);
        logger.error(
          { process: name, pid: current.pid, code, signal, restartInMs: delayMs, crashesInARow },
          `${name} exited unexpectedly; restarting it in ${delayMs} ms`,
        );
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          if (!stopping) launch();
        }, delayMs);
      });
    });
    logger.info({ process: name, pid: current.pid }, 'child process started');
  };

  launch();
  return {
    name,
    pid: () => child?.pid,
    ready,
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      logger.info({ process: name, pid: current.pid }, 'stopping child process (SIGTERM)');
      current.kill('SIGTERM');
      const killTimer = setTimeout(() => {
        logger.warn({ process: name, pid: current.pid, afterMs: options.stopTimeoutMs }, 'child process did not stop in time: SIGKILL');
        current.kill('SIGKILL');
      }, options.stopTimeoutMs);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
