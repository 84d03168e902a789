import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostPort } from './ports';

/** What serves metrics: the facade (prom-client), a worker process (the SDK's exporter), the Temporal dev server. */
export type MetricsComponent = 'facade' | 'worker' | 'dev-server';

export interface MetricsTarget {
  component: MetricsComponent;
  host: string;
  port: number;
  /** More labels for the target, e.g. the queues a worker process serves. */
  labels?: Record<string, string>;
}

/** One Prometheus file_sd target group. */
interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * This process's metrics endpoints as a Prometheus file_sd file, `<dir>/<host>-<pid>.json`: Prometheus reads every
 * file of the folder (`file_sd_configs: [{ files: ['<dir>/*.json'] }]`) and so finds each process whatever port it
 * took. Written whole and renamed into place, so Prometheus never reads half a file; removed when the process stops.
 * Files left by processes of this host that died are removed at the first write.
 */
export class TargetsFile {
  /** By component: one endpoint each per process (a restarted dev server replaces its entry). */
  private readonly targets = new Map<MetricsComponent, MetricsTarget>();
  private readonly file: string;
  private pruned = false;

  constructor(
    private readonly dir: string,
    private readonly hostname = os.hostname(),
    private readonly pid = process.pid,
  ) {
    this.file = path.join(dir, `${hostname}-${pid}.json`);
  }

  get path(): string {
    return this.file;
  }

  /** Adds the endpoint, or replaces the one of the same component. */
  set(target: MetricsTarget): void {
    this.targets.set(target.component, target);
    this.write();
  }

  /** Removes the file (the process stops). */
  remove(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    mkdirSync(this.dir, { recursive: true });
    if (!this.pruned) this.pruneDead();
    this.pruned = true;
    const groups: TargetGroup[] = [...this.targets.values()].map((target) => ({
      targets: [hostPort(scrapeHost(target.host, this.hostname), target.port)],
      labels: { component: target.component, hostname: this.hostname, pid: String(this.pid), ...target.labels },
    }));
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(groups, null, 2)}\n`);
    renameSync(temporary, this.file);
  }

  /** Files of this host whose process is gone: a worker killed with SIGKILL never removes its own. */
  private pruneDead(): void {
    const pattern = new RegExp(`^${escapeRegExp(this.hostname)}-(\\d+)\\.json$`);
    for (const name of readdirSync(this.dir)) {
      const pid = Number(pattern.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== this.pid && !isAlive(pid)) rmSync(path.join(this.dir, name), { force: true });
    }
  }
}

/** Where a scraper reaches an endpoint that listens on `host`: a wildcard address is not one it can call. */
export function scrapeHost(host: string, hostname: string): string {
  return ['0.0.0.0', '::', ''].includes(host) ? hostname : host;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as { code?: string }).code === 'EPERM';
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
