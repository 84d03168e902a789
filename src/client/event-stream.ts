import WebSocket from 'ws';
import { liveEventSchema, type EventFilter, type LiveEvent } from '../contracts/live-events';
import { TaskmasterApiError } from './api-error';

export interface EventStreamOptions {
  /** The API's base URL (http or https); the stream goes to ws(s)://.../v1/events. */
  baseUrl: string;
  token: string | undefined;
  filter: EventFilter;
  signal?: AbortSignal | undefined;
}

/** Close codes of GET /v1/events that say the server refused or dropped us: 4000 + the HTTP status. */
const isApiClose = (code: number): boolean => code >= 4000 && code < 5000;

/**
 * The messages of one WebSocket connection to GET /v1/events, each checked against the contract's schema, until the
 * socket closes. A refusal before the handshake (401, 403, 400 naming a filter) or a close 4xxx is a TaskmasterApiError
 * with that status; any other close ends the stream (the caller may reconnect with the last cursor).
 */
export async function* eventStream(options: EventStreamOptions): AsyncGenerator<LiveEvent> {
  const url = new URL('/v1/events', options.baseUrl.replace(/^http/, 'ws'));
  for (const [key, value] of Object.entries(options.filter)) if (value !== undefined) url.searchParams.set(key, String(value));
  const socket = new WebSocket(url, {
    headers: options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` },
    perMessageDeflate: false,
  });
  // A queue between the socket's events and the consumer; the server bounds how far ahead it may run.
  const queue: LiveEvent[] = [];
  let ended: { error?: Error } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  socket.on('message', (data: WebSocket.RawData) => {
    try {
      queue.push(liveEventSchema.parse(JSON.parse(rawText(data))));
    } catch (error) {
      ended ??= { error: new Error(`the server sent a message that is not a live event: ${(error as Error).message}`) };
      socket.terminate();
    }
    notify();
  });
  socket.on('unexpected-response', (_request, response) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      ended ??= { error: errorOfAnswer(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')) };
      notify();
    });
  });
  socket.on('close', (code: number, reason: Buffer) => {
    if (isApiClose(code))
      ended ??= { error: new TaskmasterApiError(code - 4000, 'EVENTS_CLOSED', reason.toString('utf8') || `closed ${code}`) };
    ended ??= {};
    notify();
  });
  socket.on('error', (error) => {
    // A refused handshake also reports an error; its answer (unexpected-response) says more and comes first.
    setImmediate(() => {
      ended ??= { error };
      notify();
    });
  });
  const abort = (): void => socket.close(1000);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (ended) {
        if (ended.error && !options.signal?.aborted) throw ended.error;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    options.signal?.removeEventListener('abort', abort);
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** The API's JSON error of a refused handshake, as the error a REST call would throw. */
export function errorOfAnswer(status: number, body: string): TaskmasterApiError {
  try {
    const { error } = JSON.parse(body) as { error?: { code?: string; message?: string; details?: unknown } };
    if (error?.code !== undefined) return new TaskmasterApiError(status, error.code, error.message ?? error.code, error.details);
  } catch {
    // Not the API's JSON: say what came.
  }
  return new TaskmasterApiError(status, `HTTP_${status}`, body.slice(0, 200) || `HTTP ${status}`);
}
