import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, openSync, renameSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { projectRoot } from '../../src/project-root';
import type { ClusterCertificates } from './certificates';
import type { ClusterLayout } from './layout';

const run = promisify(execFile);

/** The Web UI of the dev server in the pinned CLI (v1.5.1), so that the cluster shows the same UI. */
export const uiServerVersion = 'v2.42.1';
const uiModule = 'github.com/temporalio/ui-server/v2/cmd/server';
const binDir = path.join(projectRoot, '.tools', 'temporal-ui', uiServerVersion);

/** The Web UI server, built from the Go module proxy (its UI assets are embedded in the module) the first time. */
export async function findOrInstallUiServer(onInstallStart: (message: string) => void): Promise<string> {
  const binary = path.join(binDir, 'server');
  if (isExecutable(binary)) return binary;
  onInstallStart(`building the Temporal Web UI server ${uiServerVersion} with go install into ${binDir} (minutes, once)`);
  mkdirSync(path.dirname(binDir), { recursive: true });
  const scratch = mkdtempSync(path.join(path.dirname(binDir), `.install-${uiServerVersion}-`));
  try {
    await run(goBinary(), ['install', `${uiModule}@${uiServerVersion}`], {
      env: { ...process.env, GOBIN: scratch, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
      maxBuffer: 16 * 1024 * 1024,
    });
    rmSync(binDir, { recursive: true, force: true });
    renameSync(scratch, binDir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  return binary;
}

/**
 * The UI server's config: it reaches the frontend over mTLS with Taskmaster's client certificate, and the browser
 * calls the facade's /codec to show payloads decrypted.
 */
export async function writeUiConfig(
  dir: string,
  layout: ClusterLayout,
  certificates: ClusterCertificates,
  codecEndpoint: string,
): Promise<void> {
  await mkdir(path.join(dir, 'config'), { recursive: true });
  const config = {
    temporalGrpcAddress: `${layout.temporal.address}:${layout.ports.frontend}`,
    host: layout.temporal.address,
    port: layout.ports.ui,
    enableUi: true,
    defaultNamespace: 'default',
    refreshInterval: '1m',
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [] },
    tls: {
      caFile: certificates.caCert,
      certFile: certificates.clientCert,
      keyFile: certificates.clientKey,
      serverName: certificates.frontendServerName,
      enableHostVerification: true,
    },
    codec: { endpoint: codecEndpoint, passAccessToken: false, includeCredentials: false },
    auth: { enabled: false },
  };
  await writeFile(path.join(dir, 'config', 'cluster.yaml'), stringify(config), { mode: 0o600 });
}

/** Starts the UI server on the Temporal host, detached; `ip netns exec` execs it, so the pid is its own. */
export function startUiServer(dir: string, layout: ClusterLayout, binary: string): number {
  const log = openSync(path.join(dir, 'ui.log'), 'a');
  const child = spawn(
    'ip',
    ['netns', 'exec', layout.temporal.namespace, binary, '--root', dir, '--config', 'config', '--env', 'cluster', 'start'],
    {
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  child.unref();
  if (child.pid === undefined) throw new Error('could not start the Temporal Web UI server');
  return child.pid;
}

function goBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/local/go/bin')) {
    const candidate = path.join(dir, 'go');
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error('Go is needed to build the Web UI server; it was not found on PATH or in /usr/local/go/bin');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
