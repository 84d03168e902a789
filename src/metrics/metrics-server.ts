import http, { type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { bindFirstFree } from './ports';

export interface MetricsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a prom-client registry at GET /metrics on its own listener, apart from the API: no sign-in, no rate limit,
 * and reachable only where metrics.host says. Takes the first free port from `from`; undefined when none of the
 * `count` ports was free.
 */
export async function serveMetrics(registry: Registry, host: string, from: number, count: number): Promise<MetricsServer | undefined> {
  const found = await bindFirstFree(from, count, (port) => listen(registry, host, port));
  if (!found) return undefined;
  const server = found.value;
  return {
    server,
    port: found.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper keeps its connection open between scrapes: it would hold close() until it gave up.
        server.closeAllConnections();
      }),
  };
}

function listen(registry: Registry, host: string, port: number): Promise<Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
