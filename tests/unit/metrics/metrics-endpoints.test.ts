/** Where the metrics endpoints listen and how Prometheus finds them: ports, the file_sd targets file, route labels. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { devServerArgs } from '../../../src/dev-server/dev-server-args';
import { routePattern } from '../../../src/http/http-metrics';
import { facadeRegistry, httpRequests } from '../../../src/metrics/facade-metrics';
import { serveMetrics } from '../../../src/metrics/metrics-server';
import { bindFirstFree } from '../../../src/metrics/ports';
import { TargetsFile } from '../../../src/metrics/targets-file';

const shippedConfig = path.resolve(__dirname, '../../../temporal.yaml');

describe('metrics configuration', () => {
  it('serves every endpoint by default, from 9464 (facade), 9470 (workers) and 9463 (dev server)', () => {
    const config = loadConfig(shippedConfig, {});
    expect(config.metrics).toMatchObject({ enabled: true, host: '127.0.0.1', port: 9464, workerPort: 9470, targetsDir: 'metrics-targets' });
    expect(config.tracing).toMatchObject({ enabled: false });
    const args = devServerArgs(config);
    expect(args[args.indexOf('--metrics-port') + 1]).toBe('9463');
  });

  it('takes ports and tracing from the environment, and 0 turns the dev server endpoint off', () => {
    const config = loadConfig(shippedConfig, {
      TASKMASTER_METRICS_PORT: '19464',
      TASKMASTER_WORKER_METRICS_PORT: '0',
      TEMPORAL_METRICS_PORT: '0',
      TASKMASTER_TRACING_ENABLED: 'true',
      TASKMASTER_OTLP_ENDPOINT: 'http://collector:4318/v1/traces',
    });
    expect(config.metrics).toMatchObject({ port: 19464, workerPort: 0 });
    expect(config.tracing).toMatchObject({ enabled: true, otlpEndpoint: 'http://collector:4318/v1/traces' });
    expect(devServerArgs(config)).not.toContain('--metrics-port');
  });
});

describe('ports', () => {
  it('takes the next port when one is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const served = await serveMetrics(facadeRegistry, '127.0.0.1', taken, 5);
      expect(served?.port).toBeGreaterThan(taken);
      const response = await fetch(`http://127.0.0.1:${served?.port ?? 0}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('taskmaster_http_requests_total');
      expect((await fetch(`http://127.0.0.1:${served?.port ?? 0}/other`)).status).toBe(404);
      await served?.close();
    } finally {
      blocker.close();
    }
  });

  it('gives up after the ports it may try, and passes other errors on', async () => {
    const bindTaken = (): never => {
      throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    };
    expect(await bindFirstFree(9000, 3, bindTaken)).toBeUndefined();
    await expect(bindFirstFree(9000, 3, () => Promise.reject(new Error('EACCES')))).rejects.toThrow('EACCES');
    // The SDK runtime's own message when its exporter cannot bind.
    const runtime = (port: number): number => {
      if (port < 9002) throw new Error('Failed to start prometheus metrics exporter: Address already in use (os error 98)');
      return port;
    };
    expect(await bindFirstFree(9000, 3, runtime)).toEqual({ port: 9002, value: 9002 });
  });
});

describe('the file_sd targets file', () => {
  it("lists this process's endpoints with their component, replaces a restarted one, and is removed at the end", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'targets-'));
    const targets = new TargetsFile(dir, 'host-a', 4242);
    targets.set({ component: 'facade', host: '0.0.0.0', port: 9464 });
    targets.set({ component: 'dev-server', host: '127.0.0.1', port: 9463 });
    targets.set({ component: 'dev-server', host: '127.0.0.1', port: 9466 });
    targets.set({ component: 'worker', host: '127.0.0.1', port: 9470, labels: { queues: 'orchestration' } });
    expect(JSON.parse(readFileSync(path.join(dir, 'host-a-4242.json'), 'utf8'))).toEqual([
      // A wildcard listen address is scraped by host name.
      { targets: ['host-a:9464'], labels: { component: 'facade', hostname: 'host-a', pid: '4242' } },
      { targets: ['127.0.0.1:9466'], labels: { component: 'dev-server', hostname: 'host-a', pid: '4242' } },
      { targets: ['127.0.0.1:9470'], labels: { component: 'worker', hostname: 'host-a', pid: '4242', queues: 'orchestration' } },
    ]);
    targets.remove();
    expect(existsSync(targets.path)).toBe(false);
  });

  it('removes the files that dead processes of this host left, and keeps the live ones and other hosts', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'targets-'));
    const deadPid = 2 ** 22 + 17; // Above Linux's pid_max: never a live process.
    for (const name of [`host-a-${deadPid}.json`, `host-a-${process.ppid}.json`, `host-b-${deadPid}.json`])
      writeFileSync(path.join(dir, name), '[]');
    new TargetsFile(dir, 'host-a', process.pid).set({ component: 'worker', host: '127.0.0.1', port: 9471 });
    expect(existsSync(path.join(dir, `host-a-${deadPid}.json`))).toBe(false);
    expect(existsSync(path.join(dir, `host-a-${process.ppid}.json`))).toBe(true);
    expect(existsSync(path.join(dir, `host-b-${deadPid}.json`))).toBe(true);
  });
});

describe('HTTP metrics labels', () => {
  const request = (method: string, originalUrl: string, route?: { path: string }) => ({ method, originalUrl, route });

  it('labels a request with its route pattern, never its ids or query', () => {
    expect(routePattern(request('GET', '/v1/jobs/job-123?x=1'))).toBe('/v1/jobs/:jobId');
    expect(routePattern(request('POST', '/v1/queues/fraud/pause'))).toBe('/v1/queues/:agent/pause');
    expect(routePattern(request('GET', '/healthz'))).toBe('/healthz');
    expect(routePattern(request('POST', '/graphql'))).toBe('/graphql');
    expect(routePattern(request('POST', '/codec/decode', { path: '/decode' }))).toBe('/codec/decode');
    expect(routePattern(request('GET', '/wp-admin/../etc/passwd'))).toBe('unmatched');
  });

  it('registers its counters in the facade registry', async () => {
    httpRequests.inc({ method: 'GET', route: '/healthz', status: '200' });
    expect(await facadeRegistry.getSingleMetricAsString('taskmaster_http_requests_total')).toContain('route="/healthz",status="200"');
  });
});
