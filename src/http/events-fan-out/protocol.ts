/**
 * What the facade and its WebSocket fan-out process (fan-out-process.ts) tell each other over the IPC channel
 * (structured clone: Buffers and arrays go as they are). Both ends parse what they receive: the channel is a
 * boundary like any other, and a message of another version of the code is refused rather than misread.
 */
import { z } from 'zod';

/** The fan-out process's settings, given as its one command-line argument (JSON). */
export const fanOutSettingsSchema = z
  .object({
    /** events.pingInterval: ping every socket, and drop one that did not answer the previous ping. */
    pingIntervalMs: z.number().int().positive(),
    /** events.maxUnreadMessages: a socket with more messages than this left unwritten is closed with 4429. */
    maxUnreadMessages: z.number().int().positive(),
    /** How long a closing socket is waited for before it is cut. */
    closeGraceMs: z.number().int().nonnegative(),
  })
  .strict();
export type FanOutSettings = z.infer<typeof fanOutSettingsSchema>;

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

/** Facade to fan-out process. */
export const toFanOutSchema = z.discriminatedUnion('type', [
  /** A socket whose upgrade request the facade accepted (sign-in, permissions, filter): the handshake is done here. */
  z.object({
    type: z.literal('adopt'),
    id: z.number().int(),
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    head: bytes,
  }),
  /** One message for some subscribers: its whole text frame (the same bytes for every socket) and their ids. */
  z.object({ type: z.literal('send'), frame: bytes, ids: z.array(z.number().int()) }),
  /** Close one socket with a code and reason (an error after the handshake: 4404, 4403...). */
  z.object({ type: z.literal('close'), id: z.number().int(), code: z.number().int(), reason: z.string() }),
  /** The facade stops: close every socket with 1001, then exit. */
  z.object({ type: z.literal('stop') }),
]);
export type ToFanOut = z.infer<typeof toFanOutSchema>;

/** Fan-out process to facade. */
export const fromFanOutSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The handshake is done: the subscriber is connected. */
  z.object({ type: z.literal('open'), id: z.number().int() }),
  /** The socket is gone (the client left, missed a ping, read too slowly, or failed its handshake): stop its subscription. */
  z.object({ type: z.literal('closed'), id: z.number().int(), code: z.number().int() }),
]);
export type FromFanOut = z.infer<typeof fromFanOutSchema>;
