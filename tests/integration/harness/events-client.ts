/**
 * A WebSocket client of GET /v1/events for tests and benchmarks: collects the messages, and says how the server
 * refused or closed the connection.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import WebSocket from 'ws';
import type { LiveEvent } from '../../../src/contracts/live-events';

export interface EventsConnection {
  messages: LiveEvent[];
  /** Receipt time (ms) of each message, in the order of messages. */
  receivedAt: number[];
  /** Resolves when the server closes the socket: the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first message the check accepts (already received or coming); rejects after the timeout. */
  waitFor(check: (event: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent>;
  close(): void;
  socket: WebSocket;
}

/** Listens on a free port of 127.0.0.1; the server serves the app's REST routes and its WebSocket upgrades. */
export async function listenOnFreePort(app: Express): Promise<{ server: Server; baseUrl: string; wsUrl: string }> {
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
}

/** Opens /v1/events with the query given; rejects with `{ status, body }` when the server answers without upgrading. */
export function connectEvents(
  wsUrl: string,
  query: Record<string, string>,
  token?: string,
  viaQuery = false,
  extraHeaders: Record<string, string> = {},
  /** Other options of the ws client (autoPong: false plays a client that stopped answering). */
  socketOptions: WebSocket.ClientOptions = {},
): Promise<EventsConnection> {
  const params = new URLSearchParams(query);
  if (token && viaQuery) params.set('access_token', token);
  const headers: Record<string, string> = token && !viaQuery ? { Authorization: `Bearer ${token}`, ...extraHeaders } : extraHeaders;
  const socket = new WebSocket(`${wsUrl}/v1/events?${params.toString()}`, { ...socketOptions, headers });
  const messages: LiveEvent[] = [];
  const receivedAt: number[] = [];
  const waiters: Array<{ check: (event: LiveEvent) => boolean; resolve: (event: LiveEvent) => void }> = [];
  socket.on('message', (data: WebSocket.RawData) => {
    const event = JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as LiveEvent;
    messages.push(event);
    receivedAt.push(Date.now());
    for (const waiter of [...waiters]) {
      if (waiter.check(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        reject(
          Object.assign(new Error(`refused: ${res.statusCode}`), {
            status: res.statusCode,
            body: JSON.parse(body || '{}'),
            headers: res.headers,
          }),
        ),
      );
    });
    socket.on('error', (error) => reject(error));
    socket.on('open', () =>
      resolve({
        messages,
        receivedAt,
        closed,
        socket,
        close: () => socket.close(),
        waitFor(check, timeoutMs = 60_000) {
          const seen = messages.find(check);
          if (seen) return Promise.resolve(seen);
          return new Promise((resolveWait, rejectWait) => {
            const timer = setTimeout(
              () => rejectWait(new Error(`no such message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)),
              timeoutMs,
            );
            waiters.push({
              check,
              resolve: (event) => {
                clearTimeout(timer);
                resolveWait(event);
              },
            });
          });
        },
      }),
    );
  });
}
