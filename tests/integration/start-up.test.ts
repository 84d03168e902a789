/**
 * `npm start` against the suite's real Temporal server with devServer.enabled false: what it says when the
 * namespace or a custom agent is wrong, and what its summary says about a server it does not manage.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeConfigVariant } from './harness/config-variant';
import { freePort } from './harness/free-port';

const projectRoot = path.resolve(__dirname, '../..');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm start`'s entry point; `untilOutput` (when given) is the output after which it is sent SIGTERM. */
function start(configFile: string, env: NodeJS.ProcessEnv = {}, untilOutput?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        LOG_LEVEL: '',
        TEMPORAL_ADDRESS: process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS,
        // The suite's data dir holds the key ring and signing key the harness created, as a first npm start would.
        TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR,
        TASKMASTER_TASK_QUEUE_PREFIX: `start-up-${process.pid}`,
        ...env,
        TASKMASTER_CONFIG: configFile,
      },
    });
    let stdout = '';
    let stderr = '';
    let stopSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Once: a second SIGTERM would find no handler left and kill the process outright.
      if (untilOutput && !stopSent && stdout.includes(untilOutput)) stopSent = child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const withoutDevServer = (change: (config: Record<string, Record<string, unknown>>) => void = () => undefined): string =>
  writeConfigVariant((config) => {
    config.devServer!.enabled = false;
    change(config);
  });
const expectNoStack = (exit: Exit): void => expect(`${exit.stdout}${exit.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('npm start with a server it does not manage', () => {
  it('says plainly that an unknown namespace does not exist on the server', async () => {
    const exit = await start(withoutDevServer(), { TEMPORAL_NAMESPACE: 'no-such-namespace' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(`namespace no-such-namespace does not exist on ${process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS}`);
    expect(exit.stdout).not.toContain('grpc-status-details-bin');
    expectNoStack(exit);
  });

  it("names the agent, the key and the module when a custom agent's createActivities throws, and closes cleanly", async () => {
    const module = path.join(projectRoot, 'tests/fixtures/agents/failing-setup-agent.ts');
    const configFile = withoutDevServer((config) => {
      config.agents!.ocr = { taskQueue: 'agent-ocr', module };
    });
    const line =
      readFileSync(configFile, 'utf8')
        .split('\n')
        .findIndex((text) => text.startsWith('  ocr:')) + 3;
    const exit = await start(configFile);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(
      `agents.ocr.module (line ${line}): createActivities of the ocr agent's module ${module} threw: OCR engine licence missing`,
    );
    expect(exit.stdout).not.toContain('Cannot close connection');
    // The custom agent runs in its own child process under npm start: the child fails before it is ready, and the
    // start stops what it had started, in order.
    expect(exit.stdout).toContain('"msg":"stopping: agent processes, workflow worker, connection"');
    expectNoStack(exit);
  });

  it('names a job type whose action the custom agent does not offer, once its module is loaded', async () => {
    const configFile = withoutDevServer((config) => {
      config.agents!.journal = { taskQueue: 'agent-journal', module: path.join(projectRoot, 'tests/fixtures/agents/journal-agent.ts') };
      config.jobTypes!.JOURNAL_POSTING = { agent: 'journal', action: 'postEntryy' };
    });
    const exit = await start(configFile);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('jobTypes.JOURNAL_POSTING.action (line ');
    expect(exit.stderr).toMatch(/the journal agent has no action "postEntryy"; its actions: .*postEntry.* \(did you mean "postEntry"\?\)/);
    expectNoStack(exit);
  });

  it('prints no Web UI link it cannot know, and stops only what it started', async () => {
    const port = await freePort();
    const exit = await start(withoutDevServer(), { TASKMASTER_HTTP_PORT: String(port) }, 'Ctrl-C stops everything');
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('Temporal Web UI not known for this server: set connection.webUiUrl in temporal.yaml for links');
    expect(exit.stdout).not.toContain(':8233');
    expect(exit.stdout).toContain('"msg":"stopping: HTTP, audit appends, agent processes, workflow worker, connection"');
  });
});
