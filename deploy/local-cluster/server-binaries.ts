import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/project-root';

const run = promisify(execFile);

/** The server version of the cluster: the one inside the pinned CLI's dev server, so that both run the same code. */
export const serverVersion = 'v1.29.1';
const serverModule = 'go.temporal.io/server';

export interface ServerBinaries {
  readonly server: string;
  readonly sqlTool: string;
  /** The module's PostgreSQL schema folder (postgresql/v12), from the Go module cache. */
  readonly postgresSchemaDir: string;
}

const binDir = path.join(projectRoot, '.tools', 'temporal-server', serverVersion);

/**
 * The Temporal server and its SQL schema tool, built from the Go module proxy into `.tools/temporal-server/<version>/`
 * the first time (about 4 minutes once the CLI's dependencies are cached).
 */
export async function findOrInstallServer(onInstallStart: (message: string) => void): Promise<ServerBinaries> {
  const go = goBinary();
  const server = path.join(binDir, 'server');
  const sqlTool = path.join(binDir, 'sql');
  if (!isExecutable(server) || !isExecutable(sqlTool)) {
    onInstallStart(`building the Temporal server ${serverVersion} and its SQL tool with go install into ${binDir} (minutes, once)`);
    mkdirSync(path.dirname(binDir), { recursive: true });
    const scratch = mkdtempSync(path.join(path.dirname(binDir), `.install-${serverVersion}-`));
    try {
      await run(go, ['install', `${serverModule}/cmd/server@${serverVersion}`, `${serverModule}/cmd/tools/sql@${serverVersion}`], {
        env: { ...process.env, GOBIN: scratch, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
        maxBuffer: 16 * 1024 * 1024,
      });
      rmSync(binDir, { recursive: true, force: true });
      renameSync(scratch, binDir);
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-5).join('\n') ?? String(error);
      throw new Error(`go install of the Temporal server failed:\n${stderr}`);
    }
  }
  const { stdout } = await run(go, ['env', 'GOMODCACHE']);
  const postgresSchemaDir = path.join(stdout.trim(), `${serverModule}@${serverVersion}`, 'schema', 'postgresql', 'v12');
  if (!isExecutable(path.join(postgresSchemaDir, 'temporal', 'versioned'))) {
    await run(go, ['mod', 'download', `${serverModule}@${serverVersion}`], { env: { ...process.env, GOFLAGS: '-mod=mod' } });
  }
  return { server, sqlTool, postgresSchemaDir };
}

function goBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/local/go/bin')) {
    const candidate = path.join(dir, 'go');
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error('Go is needed to build the Temporal server (https://go.dev/dl/); it was not found on PATH or in /usr/local/go/bin');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
