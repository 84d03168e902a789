import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../project-root';

const run = promisify(execFile);
const cliModule = 'github.com/temporalio/cli/cmd/temporal';

export interface TemporalCli {
  path: string;
  /** Where it was found: env, PATH, cache, or installed now. */
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install';
  version: string;
}

export class TemporalCliNotFoundError extends Error {
  override name = 'TemporalCliNotFoundError';
}

/** The git-ignored folder where the project keeps the CLI it installs, one subfolder per version. */
export const cliCacheDir = (version: string): string => path.join(projectRoot, '.tools', 'temporal-cli', version);

/**
 * Finds the Temporal CLI, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, the project's cached copy, and
 * last `go install` into the cache. Throws TemporalCliNotFoundError saying what to install when none works.
 */
export async function findOrInstallTemporalCli(
  version: string,
  options: { env?: NodeJS.ProcessEnv; onInstallStart?: (message: string) => void } = {},
): Promise<TemporalCli> {
  const env = options.env ?? process.env;
  const fromEnv = env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH is set to ${fromEnv}, which is not an executable file.`);
    }
    return { path: fromEnv, source: 'TEMPORAL_CLI_PATH', version: await cliVersion(fromEnv) };
  }
  const onPath = findOnPath('temporal', env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'PATH', version: await cliVersion(onPath) };

  const cached = path.join(cliCacheDir(version), 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache', version: await cliVersion(cached) };

  options.onInstallStart?.(
    `Temporal CLI ${version} not found; installing it with go install into ${cliCacheDir(version)} (a few minutes the first time)`,
  );
  await goInstall(version, env);
  return { path: cached, source: 'go install', version: await cliVersion(cached) };
}

async function goInstall(version: string, env: NodeJS.ProcessEnv): Promise<void> {
  const go = findOnPath('go', env.PATH ?? '') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new TemporalCliNotFoundError(howToInstall(version, 'Go is not installed either.'));
  const target = cliCacheDir(version);
  mkdirSync(path.dirname(target), { recursive: true });
  // Install into a scratch folder and rename, so that an interrupted install never leaves a broken binary.
  const scratch = mkdtempSync(path.join(path.dirname(target), `.install-${version}-`));
  try {
    await run(go, ['install', `${cliModule}@${version}`], {
      env: { ...env, GOBIN: scratch, GOFLAGS: `${env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
      maxBuffer: 16 * 1024 * 1024,
    });
    rmSync(target, { recursive: true, force: true });
    renameSync(scratch, target);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-5).join('\n') ?? String(error);
    throw new TemporalCliNotFoundError(howToInstall(version, `go install failed:\n${stderr}`));
  }
}

function howToInstall(version: string, reason: string): string {
  return [
    `The Temporal CLI (which contains the dev server and the Web UI) was not found. ${reason}`,
    'Do one of:',
    `  - install Go (https://go.dev/dl/) and run: GOBIN=${cliCacheDir(version)} go install ${cliModule}@${version}`,
    '  - install the Temporal CLI (https://docs.temporal.io/cli) and put `temporal` on your PATH',
    '  - set TEMPORAL_CLI_PATH to the temporal binary',
    '  - or point TEMPORAL_ADDRESS at a running Temporal server (or set devServer.enabled: false in temporal.yaml)',
  ].join('\n');
}

async function cliVersion(binary: string): Promise<string> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 30_000 });
    return stdout.trim();
  } catch (error) {
    throw new TemporalCliNotFoundError(`${binary} does not run: ${(error as Error).message}`);
  }
}

function findOnPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
