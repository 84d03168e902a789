import type { ChildProcess } from 'node:child_process';
import type { RunningDevServer } from '../../../src/dev-server/dev-server';
import { superviseDevServer } from '../../../src/dev-server/dev-server-supervisor';
import { createLogger } from '../../../src/logging/logger';

/** A stand-in for a running dev server that the test can make exit. */
function fakeServer(pid: number): RunningDevServer & { crash(): void; stopped: boolean } {
  let exit: (value: { code: number | null; signal: NodeJS.Signals | null }) => void = () => undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    exit = resolve;
  });
  const server = {
    endpoints: { ip: '127.0.0.1', grpcPort: 1, uiPort: 2, databaseFile: '/tmp/x.sqlite' },
    webUiUrl: 'http://127.0.0.1:2',
    process: { pid } as ChildProcess,
    exited,
    stopped: false,
    crash: () => exit({ code: null, signal: 'SIGKILL' }),
    stop() {
      server.stopped = true;
      exit({ code: 0, signal: null });
      return Promise.resolve();
    },
  };
  return server;
}

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
};

describe('dev server supervision', () => {
  it('restarts a dead server, at most maxRestarts times in the window, then gives up with the reason', async () => {
    const servers = [fakeServer(100)];
    const reasons: string[] = [];
    const supervised = superviseDevServer(servers[0]!, {
      logger: createLogger({}, 'silent'),
      maxRestarts: 2,
      delayMs: () => 1,
      restart: () => {
        const server = fakeServer(100 + servers.length);
        servers.push(server);
        return Promise.resolve(server);
      },
      onGiveUp: (reason) => reasons.push(reason),
    });
    servers[0]!.crash();
    await until(() => servers.length === 2);
    servers[1]!.crash();
    await until(() => servers.length === 3);
    servers[2]!.crash();
    await until(() => reasons.length === 1);
    expect(servers).toHaveLength(3);
    expect(reasons[0]).toMatch(/pid 102\) exited with code null, signal SIGKILL; restarted 2 times within 600 s already/);
    await supervised.stop();
  });

  it('does not restart a server it stops, and stops the current one', async () => {
    const first = fakeServer(200);
    let restarts = 0;
    const supervised = superviseDevServer(first, {
      logger: createLogger({}, 'silent'),
      delayMs: () => 1,
      restart: () => {
        restarts++;
        return Promise.resolve(fakeServer(201));
      },
      onGiveUp: () => undefined,
    });
    await supervised.stop();
    expect(first.stopped).toBe(true);
    expect(restarts).toBe(0);
  });
});
