import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createTokenVerifier } from '../../../src/auth/token-verifier';
import { authConfig, tempDataDir } from './auth-test-helpers';

const root = path.resolve(__dirname, '../../..');

/** `npm run token -- <args>` as a user runs it, on a data dir of its own. */
function token(args: string[], dataDir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', ...args], {
    cwd: root,
    env: { ...process.env, TASKMASTER_DATA_DIR: dataDir, TASKMASTER_CONFIG: path.join(root, 'temporal.yaml') },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run token', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDataDir();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a token of the local key with the role, tenant and subject asked for', async () => {
    const result = token(['--role', 'investigator', '--tenant', 'acme', '--sub', 'ann@firm', '--ttl', '2h'], dataDir);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const principal = await createTokenVerifier(authConfig(), dataDir).verify(result.stdout.trim());
    expect(principal).toEqual({ subject: 'ann@firm', roles: ['investigator'], tenant: 'acme' });
  });

  it.each([
    [['--role', 'root'], /^--role: Invalid option: expected one of "viewer"\|"investigator"\|"admin"; usage: /],
    [[], /^--role: Invalid option: expected one of "viewer"/],
    [['--role', 'viewer', '--ttl', 'forever'], /^--ttl: expected a positive duration/],
    [['--role', 'viewer', '--ttl', '90d'], /^--ttl: expected at most 30d/],
    [['--role', 'viewer', '--tenant', 'a b'], /^--tenant: expected 1-120 letters/],
    [['--role', 'viewer', '--colour', 'red'], /^Unknown option '--colour'.*; usage: /],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const result = token(args, dataDir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
