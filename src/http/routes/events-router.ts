/**
 * GET /v1/events: live events over a WebSocket (docs/live-api.md). Sign-in, rate limit and the `read` permission
 * run before the handshake, like any request (src/http/upgrade.ts), so a refusal is the usual JSON error; filters
 * are checked there too (400 naming the parameter). Once open, each message is one JSON text frame; the server
 * pings every events.pingInterval and drops a client that did not answer the previous ping; a client that leaves
 * more than events.maxUnreadMessages unread is closed with 4429. Other closes: 4000 + the HTTP status of the error
 * (4404: the job is not there or not yours), 1001 when the facade stops.
 *
 * With events.fanOut `process` (the default) the accepted socket is handed to the facade's fan-out process
 * (src/http/events-fan-out), which does the handshake and the writes; this process still decides, per message,
 * which subscribers get it. With `inline`, the sockets are served here, on the facade's event loop.
 */
import { Router, type Request } from 'express';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LoadedConfig } from '../../config/load-config';
import { eventFilterSchema, type LiveEvent } from '../../contracts/live-events';
import { parseInput } from '../../errors/field-problems';
import { SubscriberTooSlowError, type LiveEvents, type LiveListener } from '../../events';
import { principalOf, scopeOf } from '../caller';
import { toHttpError } from '../error-middleware';
import { HttpError } from '../http-error';
import { requestFields } from '../request-log';
import { takeUpgrade } from '../upgrade';
import { canHandOver, EventsFanOut } from '../events-fan-out/fan-out';

/** The query parameter a browser signs in with (it cannot set headers on a WebSocket); read by authenticate(). */
export const accessTokenParameter = 'access_token';

/** Close codes: 4000 + the HTTP status the same error would answer. */
export const slowReaderCloseCode = 4429;
const goingAway = 1001;
const closeGraceMs = 2_000;

/**
 * Each message is written to every subscriber that wants it: serialized and UTF-8 encoded once, not once per
 * subscriber (the service hands every subscriber the same object; ws writes a Buffer as it is).
 */
const encodedMessages = new WeakMap<LiveEvent, Buffer>();
function encoded(event: LiveEvent): Buffer {
  let bytes = encodedMessages.get(event);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(event), 'utf8');
    encodedMessages.set(event, bytes);
  }
  return bytes;
}
const asText = { binary: false } as const;

export function eventsRouter(config: LoadedConfig, events: LiveEvents, logger: Logger): { router: Router; close: () => void } {
  const router = Router();
  // Clients send nothing but pongs; a big frame is an abuse.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  const fanOut =
    config.events.fanOut === 'process'
      ? new EventsFanOut(
          { pingIntervalMs: config.events.pingInterval, maxUnreadMessages: config.events.maxUnreadMessages, closeGraceMs },
          logger.child({ component: 'events' }),
        )
      : undefined;
  router.get('/', (req, res) => {
    const { [accessTokenParameter]: _token, ...query } = req.query as Record<string, unknown>;
    const filter = parseInput(eventFilterSchema, query);
    const abort = new AbortController();
    // Throws before the handshake for a bad cursor or a full facade.
    const listener = events.listen(filter, scopeOf(req), { signal: abort.signal });
    const upgrade = takeUpgrade(req, res);
    if (!upgrade) {
      abort.abort();
      throw new HttpError(426, 'UPGRADE_REQUIRED', 'GET /v1/events is a WebSocket: connect with Upgrade: websocket', undefined, {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
      });
    }
    if (fanOut && canHandOver(upgrade.socket)) {
      void serveElsewhere(fanOut, upgrade.socket, upgrade.head, listener, abort, req);
      return;
    }
    sockets.handleUpgrade(req, upgrade.socket, upgrade.head, (socket) => {
      void serve(socket, listener, abort, req);
    });
  });

  /** A subscriber whose socket the fan-out process holds: its messages and its closes go through that process. */
  async function serveElsewhere(
    fanOutProcess: EventsFanOut,
    socket: Socket,
    head: Buffer,
    listener: LiveListener,
    abort: AbortController,
    req: Request,
  ): Promise<void> {
    const log = logger.child({ component: 'events', ...requestFields(req), subject: principalOf(req).subject });
    const connection = fanOutProcess.adopt(req, socket, head, {
      onOpen: () => log.info('events subscriber connected'),
      onClosed: (code) => {
        abort.abort();
        log.info({ code }, 'events subscriber disconnected');
      },
    });
    try {
      // No check of the abort signal per message (its getter showed in the profile): the abort ends the subscriber
      // at once, and the service hands an ended subscriber nothing.
      await listener.start((event) => connection.deliver(event));
    } catch (error) {
      const httpError = toHttpError(error);
      if (httpError.status >= 500) log.error({ err: error }, 'events subscription failed');
      connection.close(4000 + httpError.status, `${httpError.code}: ${httpError.message}`);
      abort.abort();
    }
  }

  async function serve(socket: WebSocket, listener: LiveListener, abort: AbortController, req: Request): Promise<void> {
    const log = logger.child({ component: 'events', ...requestFields(req), subject: principalOf(req).subject });
    log.info('events subscriber connected');
    let unread = 0;
    let alive = true;
    const written = (): void => {
      unread--;
    };
    const closeWith = (error: unknown): void => {
      const httpError = toHttpError(error);
      if (httpError.status >= 500) log.error({ err: error }, 'events subscription failed');
      const code = error instanceof SubscriberTooSlowError ? slowReaderCloseCode : 4000 + httpError.status;
      // A close reason is at most 123 bytes.
      if (socket.readyState === socket.OPEN) socket.close(code, `${httpError.code}: ${httpError.message}`.slice(0, 120));
      abort.abort();
    };
    const ping = setInterval(() => {
      if (!alive) {
        log.info('events subscriber did not answer a ping; dropped');
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, config.events.pingInterval);
    socket.on('pong', () => (alive = true));
    socket.on('close', (code) => {
      clearInterval(ping);
      abort.abort();
      log.info({ code }, 'events subscriber disconnected');
    });
    socket.on('error', (error) => log.debug({ err: error }, 'events socket error'));
    try {
      await listener.start((event) => {
        if (abort.signal.aborted || socket.readyState !== socket.OPEN) return;
        // Messages handed to the socket and not yet written out: what a reader too slow leaves in our memory.
        if (unread >= config.events.maxUnreadMessages) {
          closeWith(new SubscriberTooSlowError(config.events.maxUnreadMessages));
          return;
        }
        unread++;
        socket.send(encoded(event), asText, written);
      });
    } catch (error) {
      closeWith(error);
    }
  }

  const close = (): void => {
    fanOut?.stop();
    for (const socket of sockets.clients) {
      socket.close(goingAway, 'the server is stopping');
      // A client that does not answer the close is not waited for.
      setTimeout(() => socket.terminate(), closeGraceMs).unref();
    }
  };
  return { router, close };
}
