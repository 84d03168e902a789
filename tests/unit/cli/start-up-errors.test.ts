import { randomBytes } from 'node:crypto';
/**
 * `npm start` with a configuration that cannot work: it must stop with one clear paragraph on stderr and exit code
 * 1, without a stack trace and without claiming to stop what never started. Spawns the real entry point.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../integration/harness/free-port';

const projectRoot = path.resolve(__dirname, '../../..');
const shipped = readFileSync(path.join(projectRoot, 'temporal.yaml'), 'utf8');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function writeConfig(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-start-')), 'temporal.yaml');
  writeFileSync(file, text);
  return file;
}

function start(configFile: string, env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: '', ...env, TASKMASTER_CONFIG: configFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const expectNoStack = (exit: Exit): void => expect(`${exit.stdout}${exit.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('npm start stops on a configuration that cannot work', () => {
  it('a job type whose action its agent does not have: names the key, the line and the actions offered', async () => {
    const text = shipped.replace('action: detectFraud\n', 'action: detectFrod\n');
    const line = text.split('\n').findIndex((candidate) => candidate.includes('detectFrod')) + 1;
    const exit = await start(writeConfig(text));
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(
      `jobTypes.FRAUD_DETECTION.action (line ${line}): the fraud agent has no action "detectFrod"; its actions: detectFraud`,
    );
    expectNoStack(exit);
    // Nothing had started, so nothing is said to stop.
    expect(exit.stdout).not.toContain('stopping');
  });

  it('LOG_LEVEL=bogus: a configuration error naming LOG_LEVEL and the accepted levels, not a pino crash', async () => {
    const exit = await start(writeConfig(shipped), { LOG_LEVEL: 'bogus' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('LOG_LEVEL (environment): "bogus" is not a log level; expected one of: trace, debug, info');
    expectNoStack(exit);
  });

  it('devServer.enabled false and nothing at the address: says it cannot connect, once', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const text = shipped.replace('  enabled: true\n', '  enabled: false\n').replace('address: 127.0.0.1:7233', `address: ${address}`);
    // A server npm start does not manage gets its keys from the environment (or a key file), as in production.
    const keys = `test-key:${randomBytes(32).toString('base64')}`;
    const exit = await start(writeConfig(text), { TASKMASTER_ENCRYPTION_KEYS: keys });
    expect(exit.code).toBe(1);
    expect(exit.stderr.match(/cannot connect to Temporal/g)).toHaveLength(1);
    expect(exit.stderr).toContain(`cannot connect to Temporal at ${address} (connection refused: nothing listens there)`);
    expect(exit.stdout).not.toContain('TransportError');
    expect(exit.stdout).not.toContain('stopping');
    expectNoStack(exit);
  });
});
