/**
 * The facade's WebSocket fan-out process (forked by fan-out.ts): it owns the sockets of GET /v1/events and writes
 * each message to the subscribers the facade names. Writing one message to 1,000 sockets is 1,000 system calls
 * (tens of ms, and far more on a busy host); done in the facade, that held the event loop that also runs the HTTP
 * API and the workflow worker, and slowed every job (docs/benchmarks.md). Here it holds nothing of the facade's.
 *
 * The facade keeps everything that decides what a subscriber gets (sign-in, tenant walls, filters, cursors): this
 * process only does the handshake, the writes, the pings and the closes. Each message arrives as its whole text
 * frame, the same bytes for every socket, written to each socket as they are (no framing per subscriber).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { fanOutSettingsSchema, toFanOutSchema, type FromFanOut, type ToFanOut } from './protocol';

/** Close codes, as GET /v1/events documents them (src/http/routes/events-router.ts). */
const slowReaderCloseCode = 4429;
const goingAway = 1001;

interface Connection {
  webSocket: WebSocket;
  socket: Socket;
  /** Messages written since the socket's own buffer was last empty: an upper bound of those still unwritten. */
  unread: number;
  alive: boolean;
}

const settings = fanOutSettingsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const connections = new Map<number, Connection>();
// Clients send nothing but pongs; a big frame is an abuse.
const server = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
let stopping = false;

function tell(message: FromFanOut): void {
  if (process.connected) process.send?.(message);
}

function adopt(message: Extract<ToFanOut, { type: 'adopt' }>, socket: Socket | undefined): void {
  if (!socket) return;
  if (stopping) {
    socket.destroy();
    tell({ type: 'closed', id: message.id, code: goingAway });
    return;
  }
  socket.on('error', () => socket.destroy());
  // What ws reads of the upgrade request: its method, url and headers (the facade already checked the rest).
  const request = { method: message.method, url: message.url, headers: message.headers } as unknown as IncomingMessage;
  let opened = false;
  // A handshake ws refuses (no Sec-WebSocket-Key, a bad version) is answered 400 by ws and the socket closed.
  socket.once('close', () => {
    if (!opened) tell({ type: 'closed', id: message.id, code: 1006 });
  });
  server.handleUpgrade(request, socket, Buffer.from(message.head), (webSocket) => {
    opened = true;
    const connection: Connection = { webSocket, socket, unread: 0, alive: true };
    connections.set(message.id, connection);
    webSocket.on('pong', () => (connection.alive = true));
    webSocket.on('error', () => undefined);
    webSocket.on('close', (code: number) => {
      connections.delete(message.id);
      tell({ type: 'closed', id: message.id, code });
    });
    tell({ type: 'open', id: message.id });
  });
}

/**
 * Frames waiting to be written, per connection: the messages that arrive within coalesceMs of each other (a job's
 * last two, or several jobs') go out in one write per socket (cork, then one writev), not one each. A write to a
 * socket is a system call (and, on the client's side, a wake-up and a read): the system calls are most of what
 * fanning out costs. At 20 ms, a mixed load of ~15 messages a second still took ~1.2 writes per message, and the
 * writes and the clients' reads took a third of a core of a 2-core host (docs/benchmarks.md, 2026-12-02 08:56);
 * 100 ms gathered about twice as many per write, and 200 ms about twice as many again (a subscriber of a busy case
 * gets ~20 messages a second), against a delivery latency budget of 1 s (p95).
 */
const coalesceMs = 200;
const outbox = new Map<Connection, Uint8Array[]>();
let flushScheduled = false;

function send(frame: Uint8Array, ids: readonly number[]): void {
  for (const id of ids) {
    const connection = connections.get(id);
    if (!connection || connection.webSocket.readyState !== connection.webSocket.OPEN) continue;
    const waiting = outbox.get(connection);
    // Nothing queued, nothing left in the socket's own buffer: every message before this one has been handed over.
    if (!waiting && connection.socket.writableLength === 0) connection.unread = 0;
    if (connection.unread >= settings.maxUnreadMessages) {
      outbox.delete(connection);
      connection.webSocket.close(
        slowReaderCloseCode,
        `SUBSCRIBER_TOO_SLOW: the subscriber left more than ${settings.maxUnreadMessages} messages unread`.slice(0, 120),
      );
      continue;
    }
    connection.unread++;
    if (waiting) waiting.push(frame);
    else outbox.set(connection, [frame]);
  }
  if (outbox.size > 0 && !flushScheduled) {
    flushScheduled = true;
    setTimeout(flush, coalesceMs);
  }
}

function flush(): void {
  flushScheduled = false;
  for (const [connection, frames] of outbox) {
    if (connection.webSocket.readyState !== connection.webSocket.OPEN) continue;
    // The frames are complete and unmasked (textFrame): ws would write the very same bytes.
    if (frames.length === 1) {
      connection.socket.write(frames[0] as Uint8Array);
      continue;
    }
    connection.socket.cork();
    for (const frame of frames) connection.socket.write(frame);
    connection.socket.uncork();
  }
  outbox.clear();
}

function close(id: number, code: number, reason: string): void {
  const connection = connections.get(id);
  if (connection?.webSocket.readyState === connection?.webSocket.OPEN) connection?.webSocket.close(code, reason.slice(0, 120));
}

/** Every pingInterval: drop the sockets that did not answer the previous ping, ping the others. */
const pings = setInterval(() => {
  for (const connection of connections.values()) {
    if (!connection.alive) {
      connection.webSocket.terminate();
      continue;
    }
    connection.alive = false;
    connection.webSocket.ping();
  }
}, settings.pingIntervalMs);

function stop(): void {
  if (stopping) return;
  stopping = true;
  clearInterval(pings);
  for (const { webSocket } of connections.values()) webSocket.close(goingAway, 'the server is stopping');
  // A client that does not answer the close is not waited for.
  setTimeout(() => {
    for (const { webSocket } of connections.values()) webSocket.terminate();
    process.exit(0);
  }, settings.closeGraceMs).unref();
  const exitWhenClosed = setInterval(() => {
    if (connections.size === 0) process.exit(0);
  }, 50);
  exitWhenClosed.unref();
}

process.on('message', (raw: unknown, handle: unknown) => {
  const parsed = toFanOutSchema.safeParse(raw);
  if (!parsed.success) {
    console.error(`events fan-out: a message it does not understand: ${parsed.error.message}`);
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case 'adopt':
      adopt(message, handle as Socket | undefined);
      break;
    case 'send':
      send(message.frame, message.ids);
      break;
    case 'close':
      close(message.id, message.code, message.reason);
      break;
    case 'stop':
      stop();
      break;
  }
});
// The facade is gone (crashed or killed): its subscribers go too, and reconnect to another facade with their cursor.
process.on('disconnect', () => {
  for (const { webSocket } of connections.values()) webSocket.terminate();
  process.exit(0);
});
tell({ type: 'ready' });
