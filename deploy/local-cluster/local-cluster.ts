import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import Long from 'long';
import { createCertificates, type ClusterCertificates } from './certificates';
import { clusterLayout, type ClusterHost, type ClusterLayout } from './layout';
import { createNetwork, deleteNetwork, disconnectHost, networkExists, reconnectHost } from './network';
import { databaseRunning, databaseUrl, initDatabase, runSql, startDatabase, stopDatabase, type DatabaseSettings } from './postgres';
import { setupSchemas } from './schema';
import { findOrInstallServer, type ServerBinaries } from './server-binaries';
import { startService, temporalServices, writeServiceConfigs, type TemporalService } from './temporal-services';
import { findOrInstallUiServer, startUiServer, writeUiConfig } from './web-ui';

/** What `up` leaves in the cluster dir so that `down`, `status` and tests find the running cluster. */
interface ClusterState {
  id: string;
  subnet: string;
  workerHostCount: number;
  databasePassword: string;
  pids: Partial<Record<TemporalService | 'ui', number>>;
}

export interface LocalClusterOptions {
  /** Where everything lives: certificates, PostgreSQL's data, the services' configs and logs. */
  readonly dir: string;
  readonly id: string;
  readonly subnet: string;
  readonly workerHostCount?: number;
  readonly log?: (message: string) => void;
  /** Where the browser reaches the facade's codec server, for the Web UI; no Web UI when absent. */
  readonly codecEndpoint?: string;
}

const contentDatabase = 'taskmaster';

/**
 * The production topology on one machine: PostgreSQL on its own host, the four Temporal services as separate
 * processes (several history shards, mTLS at the frontend and between services) on theirs, and hosts for the facade
 * and the workers, each a network namespace. Built from packages only: Debian's PostgreSQL, the server and its
 * schema tool from the Go module proxy, openssl.
 */
export class LocalCluster {
  readonly layout: ClusterLayout;
  readonly database: DatabaseSettings;
  private binaries: ServerBinaries | undefined;
  private certificates_: ClusterCertificates | undefined;

  private constructor(
    readonly options: LocalClusterOptions,
    private readonly state: ClusterState,
  ) {
    this.layout = clusterLayout(state.id, state.subnet, state.workerHostCount);
    this.database = { dataDir: path.join(options.dir, 'postgres', 'data'), user: 'temporal', password: state.databasePassword };
  }

  /** Opens the cluster of this dir, reading its saved state, or prepares a new one. */
  static async open(options: LocalClusterOptions): Promise<LocalCluster> {
    if (process.getuid?.() !== 0) throw new Error('the local cluster makes network namespaces (ip netns) and needs root');
    await mkdir(options.dir, { recursive: true });
    // PostgreSQL runs as its own user, which must be able to reach its data dir.
    await chmod(options.dir, 0o755);
    const saved = await readState(options.dir);
    const state: ClusterState = saved ?? {
      id: options.id,
      subnet: options.subnet,
      workerHostCount: options.workerHostCount ?? 3,
      databasePassword: randomBytes(18).toString('base64url'),
      pids: {},
    };
    const cluster = new LocalCluster(options, state);
    cluster.certificates_ = await createCertificates(path.join(options.dir, 'pki'), cluster.layout.temporal.address);
    await cluster.saveState();
    return cluster;
  }

  get certificates(): ClusterCertificates {
    if (!this.certificates_) throw new Error('the cluster has no certificates yet: run up first');
    return this.certificates_;
  }

  get frontendAddress(): string {
    return `${this.layout.temporal.address}:${this.layout.ports.frontend}`;
  }

  /** The content store's database, for `contentStore.url` (TASKMASTER_CONTENT_STORE_URL). */
  get contentStoreUrl(): string {
    return databaseUrl(this.layout, this.database, contentDatabase);
  }

  async up(): Promise<void> {
    const log = this.options.log ?? (() => undefined);
    this.binaries = await findOrInstallServer(log);
    log(`network: bridge ${this.layout.bridge} ${this.layout.bridgeAddress}, hosts ${this.hostSummary()}`);
    await createNetwork(this.layout);
    log(`PostgreSQL on ${this.layout.database.address}:${this.layout.ports.postgres}`);
    await initDatabase(this.layout, this.database);
    await startDatabase(this.layout, this.database);
    const exists = await runSql(this.layout, this.database, `SELECT 1 FROM pg_database WHERE datname = '${contentDatabase}'`);
    if (exists.trim() !== '1') await runSql(this.layout, this.database, `CREATE DATABASE ${contentDatabase}`);
    log('schemas: temporal, temporal_visibility (temporal-sql-tool)');
    await setupSchemas(this.binaries, this.layout, this.database);
    const servicesDir = path.join(this.options.dir, 'temporal');
    await writeServiceConfigs(servicesDir, this.layout, this.database, this.certificates);
    // The first service to start writes the cluster's metadata record; several at once on a new database race for it
    // and the losers exit. So history goes first, alone, and the others follow once the record exists.
    await this.startService('history');
    await this.waitForClusterMetadata();
    for (const service of temporalServices) await this.startService(service);
    await this.waitForFrontend();
    await this.ensureNamespace('default');
    log(`Temporal frontend ${this.frontendAddress} (mTLS), ${temporalServices.join(', ')} running`);
    if (this.options.codecEndpoint !== undefined) await this.startWebUi(this.options.codecEndpoint, log);
  }

  get webUiUrl(): string {
    return `http://${this.layout.temporal.address}:${this.layout.ports.ui}`;
  }

  /** Whether the cluster's Web UI server is running (it is not when its build failed, or no codec endpoint was given). */
  get webUiRunning(): boolean {
    return isAlive(this.state.pids.ui);
  }

  /** The Web UI is a convenience: a build that fails leaves the cluster up and says why. */
  private async startWebUi(codecEndpoint: string, log: (message: string) => void): Promise<void> {
    if (this.webUiRunning) return;
    let binary: string;
    try {
      binary = await findOrInstallUiServer(log);
    } catch (error) {
      log(`Web UI: not started, the UI server could not be built (${String(error).split('\n')[0]})`);
      return;
    }
    const dir = path.join(this.options.dir, 'ui');
    await writeUiConfig(dir, this.layout, this.certificates, codecEndpoint);
    this.state.pids.ui = startUiServer(dir, this.layout, binary);
    await this.saveState();
    log(`Web UI ${this.webUiUrl} (codec ${codecEndpoint})`);
  }

  async down(): Promise<void> {
    await this.stopService('ui');
    for (const service of [...temporalServices].reverse()) await this.stopService(service);
    if (await networkExists(this.layout)) {
      await stopDatabase(this.layout, this.database);
      await deleteNetwork(this.layout);
    }
  }

  async startService(service: TemporalService): Promise<void> {
    if (isAlive(this.state.pids[service])) return;
    const binaries = this.binaries ?? (this.binaries = await findOrInstallServer(() => undefined));
    this.state.pids[service] = startService(path.join(this.options.dir, 'temporal'), this.layout, binaries.server, service);
    await this.saveState();
  }

  /** Stops a service: SIGTERM and a wait, or `SIGKILL` at once to play a crash. */
  async stopService(service: TemporalService | 'ui', signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const pid = this.state.pids[service];
    if (isAlive(pid)) {
      process.kill(pid as number, signal);
      const deadline = Date.now() + 20_000;
      while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (isAlive(pid)) process.kill(pid as number, 'SIGKILL');
    }
    delete this.state.pids[service];
    await this.saveState();
  }

  /** The pid of one Temporal service's process, if it is running. */
  servicePid(service: TemporalService): number | undefined {
    const pid = this.state.pids[service];
    return isAlive(pid) ? pid : undefined;
  }

  /** The pids of the running Temporal services, for measuring what they cost. */
  servicePids(): number[] {
    return temporalServices.map((service) => this.state.pids[service]).filter((pid): pid is number => isAlive(pid));
  }

  stopDatabase(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    return stopDatabase(this.layout, this.database, mode);
  }

  startDatabase(): Promise<void> {
    return startDatabase(this.layout, this.database);
  }

  disconnectHost(host: ClusterHost): Promise<void> {
    return disconnectHost(host);
  }

  reconnectHost(host: ClusterHost): Promise<void> {
    return reconnectHost(host);
  }

  async status(): Promise<Record<string, string>> {
    const status: Record<string, string> = {
      network: (await networkExists(this.layout)) ? `up (${this.hostSummary()})` : 'down',
      postgres: (await databaseRunning(this.layout, this.database)) ? `running at ${this.layout.database.address}` : 'stopped',
    };
    for (const service of [...temporalServices, 'ui'] as const) {
      const pid = this.state.pids[service];
      status[service] = isAlive(pid) ? `running (pid ${pid})` : 'stopped';
    }
    if (this.webUiRunning) status.ui = `${status.ui ?? ''} at ${this.webUiUrl}`;
    return status;
  }

  private async waitForClusterMetadata(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const rows = await runSql(this.layout, this.database, 'SELECT count(*) FROM cluster_metadata_info', 'temporal').catch(() => '0');
      if (Number(rows.trim()) > 0) return;
      if (!isAlive(this.state.pids.history))
        throw new Error(`the history service exited at start: see ${this.options.dir}/temporal/history.log`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`the history service did not write the cluster metadata within ${timeoutMs} ms`);
  }

  /** Waits until the frontend answers over mTLS (the services join their ring first). */
  async waitForFrontend(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const connection = await this.connect();
        try {
          await connection.workflowService.getSystemInfo({});
          return;
        } finally {
          await connection.close();
        }
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    throw new Error(`the Temporal frontend at ${this.frontendAddress} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
  }

  /** A client connection over mTLS with Taskmaster's certificate. */
  async connect(): Promise<Connection> {
    const { certificates } = this;
    return Connection.connect({
      address: this.frontendAddress,
      connectTimeout: 5_000,
      tls: {
        serverNameOverride: certificates.frontendServerName,
        serverRootCACertificate: await readFile(certificates.caCert),
        clientCertPair: { crt: await readFile(certificates.clientCert), key: await readFile(certificates.clientKey) },
      },
    });
  }

  private async ensureNamespace(namespace: string): Promise<void> {
    const connection = await this.connect();
    try {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 5) throw error;
      }
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(3 * 24 * 3600) },
      });
      // A namespace becomes usable once every frontend's cache has it (refreshed every few seconds).
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        try {
          await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      throw new Error(`namespace ${namespace} was registered but did not become usable within 60 s`);
    } finally {
      await connection.close();
    }
  }

  private hostSummary(): string {
    const { database, temporal, facade, workerHosts } = this.layout;
    return [database, temporal, facade, ...workerHosts].map((host) => `${host.namespace}=${host.address}`).join(', ');
  }

  private async saveState(): Promise<void> {
    await writeFile(path.join(this.options.dir, 'cluster-state.json'), `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
  }
}

async function readState(dir: string): Promise<ClusterState | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'cluster-state.json'), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
