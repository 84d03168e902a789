import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

/** A local webhook that records every alert POSTed to it. */
export async function startAlertReceiver(): Promise<{ url: string; alerts: ReceivedAlert[]; close: () => Promise<void> }> {
  const alerts: ReceivedAlert[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      alerts.push({ idempotencyKey: Array.isArray(key) ? key[0] : key, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alerts`, alerts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
