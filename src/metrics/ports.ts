import net from 'node:net';

/**
 * Ports of the metrics endpoints. Every process of a host takes the first free port from a configured base (the
 * facade from metrics.port, each worker process from metrics.workerPort, the dev server from
 * devServer.metricsPort), so that npm start's processes and any `npm run worker` beside them never collide, and
 * writes where it listens into the targets folder (targets-file.ts).
 */

/** The ports tried from `from`, `count` of them, within the port range. */
export function candidatePorts(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => from + index).filter((port) => port <= 65535);
}

/** Whether `error` says the address is taken (Node's EADDRINUSE, or the SDK runtime's "Address already in use"). */
export function isAddressInUse(error: unknown): boolean {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') return true;
  return error instanceof Error && /address already in use|os error 98/i.test(error.message);
}

/**
 * Calls `bind` with each candidate port until one is not taken; returns its port and result. Binding itself is the
 * test, so two processes starting together cannot both take the same port. Undefined when every port was taken.
 */
export async function bindFirstFree<T>(
  from: number,
  count: number,
  bind: (port: number) => T | Promise<T>,
): Promise<{ port: number; value: T } | undefined> {
  for (const port of candidatePorts(from, count)) {
    try {
      return { port, value: await bind(port) };
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
  }
  return undefined;
}

/**
 * The first port from `from` that nothing listens on right now, for a process that binds it itself later (the dev
 * server). Another process may take it between the check and the bind; the dev server's supervisor restarts it then.
 */
export async function firstFreePort(host: string, from: number, count: number): Promise<number | undefined> {
  const found = await bindFirstFree(from, count, (port) => probe(host, port));
  return found?.port;
}

function probe(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** host:port as a URL authority and a Prometheus target: IPv6 in brackets. */
export const hostPort = (host: string, port: number): string => `${host.includes(':') ? `[${host}]` : host}:${port}`;
