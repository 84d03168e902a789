/**
 * `npm start` stopped the way a terminal and systemd stop it: the real `npm start` in a process group of its own,
 * with its own dev server on free ports and a temporary data dir, a 5 s step running, and the signal sent to the
 * whole group (Ctrl-C pressed twice: npm forwards each, so node gets four SIGINTs; then SIGTERM, as systemd sends
 * it). The step completes in its first attempt and is not run again after a restart; no process of the stack
 * outlives npm start, and its ports and SQLite file are free at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { writeConfigVariant } from './harness/config-variant';
import { freePort } from './harness/free-port';
import { eventually } from './harness/test-stack';
import { journalFixture } from './harness/journal';

const projectRoot = path.resolve(__dirname, '../..');
const { journalFile, agent, journal, begin } = journalFixture('shutdown');

interface RunningStart {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  token: string;
  api: string;
}

describe('npm start stops gracefully however the signal arrives', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-shutdown-'));
  let ports: { grpc: number; ui: number; http: number };
  let configFile: string;
  // Every stack this test started: one an assertion left running is killed with its group, not left orphaned.
  const started: Array<Pick<RunningStart, 'child' | 'exited'>> = [];

  afterAll(async () => {
    for (const stack of started.filter((each) => each.child.exitCode === null && each.child.signalCode === null)) {
      try {
        process.kill(-(stack.child.pid ?? 0), 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
      await stack.exited;
    }
  });

  beforeAll(async () => {
    begin();
    ports = { grpc: await freePort(), ui: await freePort(), http: await freePort() };
    configFile = writeConfigVariant((config) => {
      config.devServer!.headless = true;
      config.agents!.journal = agent;
      config.jobTypes!.JOURNAL_SLOWPOST = { agent: 'journal', action: 'slowPost', retryPolicy: 'immediate' };
    });
  });

  /** The real `npm start`, detached: its own process group, as a terminal's foreground job or a systemd unit. */
  async function npmStart(): Promise<RunningStart> {
    const child = spawn('npm', ['start'], {
      cwd: projectRoot,
      detached: true,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        TASKMASTER_CONFIG: configFile,
        TASKMASTER_DATA_DIR: dataDir,
        TEMPORAL_ADDRESS: `127.0.0.1:${ports.grpc}`,
        TEMPORAL_UI_PORT: String(ports.ui),
        TASKMASTER_HTTP_PORT: String(ports.http),
        JOURNAL_FILE: journalFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    started.push({ child, exited });
    const token = await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      return Promise.resolve(/Admin token\s+(\S+)/.exec(output)?.[1]);
    }, 180_000);
    await eventually(() => Promise.resolve(output.includes('Ctrl-C stops everything') ? true : undefined), 60_000);
    return { child, output: () => output, exited, token, api: `http://127.0.0.1:${ports.http}` };
  }

  const call = async (stack: RunningStart, method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${stack.api}${route}`, {
      method,
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };

  /** Processes whose environment names this test's data dir: npm, node, the agent children and the dev server. */
  function stackProcesses(): number[] {
    const marker = `TASKMASTER_DATA_DIR=${dataDir}`;
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  /** Processes holding a file of the data dir open (the SQLite file and its WAL). */
  function openersOfDataDir(): string[] {
    const openers: string[] = [];
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      let fds: string[] = [];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
          if (target.startsWith(dataDir) && target.includes('.sqlite')) openers.push(`${pid}: ${target}`);
        } catch {
          // Closed meanwhile.
        }
      }
    }
    return openers;
  }

  const portIsFree = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });

  async function expectNothingLeft(stack: RunningStart): Promise<void> {
    expect(stackProcesses()).toEqual([]);
    expect(openersOfDataDir()).toEqual([]);
    for (const port of [ports.http, ports.grpc, ports.ui]) expect(await portIsFree(port)).toBe(true);
    expect(stack.output()).not.toMatch(/forced stop/);
  }

  it('Ctrl-C twice to the group: the running step completes in attempt 1, and nothing outlives npm start', async () => {
    const stack = await npmStart();
    const submitted = await call(stack, 'POST', '/v1/jobs', { type: 'JOURNAL_SLOWPOST', data: { entryId: 'shutdown-1', ms: 5_000 } });
    expect(submitted.status).toBe(202);
    const jobId = (submitted.body as { jobId: string }).jobId;
    await eventually(async () => {
      const job = await call(stack, 'GET', `/v1/jobs/${jobId}`);
      return (job.body as { step?: { state: string } }).step?.state === 'STARTED' ? true : undefined;
    });
    const group = stack.child.pid ?? 0;
    process.kill(-group, 'SIGINT');
    await eventually(() => Promise.resolve(stack.output().includes('stopping: new requests are refused') ? true : undefined));
    process.kill(-group, 'SIGINT');
    expect(await stack.exited).toBe(0);
    await expectNothingLeft(stack);
    expect(journal('shutdown-1')).toEqual(['slow shutdown-1']);

    // Started again on the same data dir: the job is complete, in its first attempt, and the step did not run again.
    // The step's completion is in the history; the workflow's own last task may run only after the restart.
    const again = await npmStart();
    const job = await eventually(async () => {
      const answer = await call(again, 'GET', `/v1/jobs/${jobId}`);
      return (answer.body as { status?: string }).status === 'RUNNING' ? undefined : answer;
    }, 60_000);
    expect(job.body).toMatchObject({ status: 'COMPLETED', result: { entryId: 'shutdown-1' } });
    // The attempt that completed is the one that was running when the signal came: attempt 1, not a retry. (Not its
    // start time against the signal's: the server records the step STARTED when the worker takes it, a few ms before
    // the activity's own code reads the clock.)
    expect((job.body as { result: { attempt: number } }).result.attempt).toBe(1);
    expect(journal('shutdown-1')).toEqual(['slow shutdown-1']);

    // As systemd and container runtimes stop a unit: SIGTERM to the whole group.
    process.kill(-(again.child.pid ?? 0), 'SIGTERM');
    expect(await again.exited).toBe(0);
    await expectNothingLeft(again);
  }, 420_000);
});
