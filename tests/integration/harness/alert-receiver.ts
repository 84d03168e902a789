import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

export interface AlertReceiver {
  url: string;
  /** Alerts accepted (answered 204). */
  alerts: ReceivedAlert[];
  /** While true, every POST is refused with 503, as by a webhook that is down. */
  down: boolean;
  /** How many POSTs were refused while down. */
  refused: number;
  close(): Promise<void>;
}

/** A local webhook that records every alert POSTed to it. */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const alerts: ReceivedAlert[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (receiver.down) {
        receiver.refused += 1;
        res.writeHead(503).end();
        return;
      }
      const key = req.headers['idempotency-key'];
      alerts.push({
        idempotencyKey: Array.isArray(key) ? key[0] : key,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: AlertReceiver = {
    url: `http://127.0.0.1:${port}/alerts`,
    alerts,
    down: false,
    refused: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return receiver;
}
