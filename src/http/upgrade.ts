/**
 * WebSocket upgrades on the API's own HTTP server, through the API's own middleware: an upgrade request runs the
 * Express app like any request (request log, sign-in, rate limit, route permissions), with a response written
 * straight to its socket, so that a refusal is the usual JSON error (401, 403, 404, 429) before any handshake.
 * A route that accepts it (GET /v1/events) takes the socket over with `takeUpgrade(req, res)`.
 */
import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express, Request, Response } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set on a WebSocket upgrade request: the socket and the first bytes after its headers. */
      upgrade?: { socket: Duplex; head: Buffer };
    }
  }
}

/** Sends the server's upgrade requests through the app. Called by createApp's listen() (and by anyone building a server). */
export function serveUpgrades(server: Server, app: Express): void {
  server.on('upgrade', (req: IncomingMessage & { upgrade?: Request['upgrade'] }, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    req.upgrade = { socket, head };
    const res = new ServerResponse(req);
    res.assignSocket(socket as Socket);
    // Answered without an upgrade (a refusal): the connection ends with the answer.
    res.on('finish', () => {
      if (!socket.destroyed && req.upgrade) socket.end();
    });
    app(req, res);
  });
}

/** Hands the request's socket to the caller (a WebSocket server's handleUpgrade); undefined when it is no upgrade. */
export function takeUpgrade(req: Request, res: Response): { socket: Duplex; head: Buffer } | undefined {
  const upgrade = req.upgrade;
  if (!upgrade) return undefined;
  delete req.upgrade;
  res.detachSocket(upgrade.socket as Socket);
  return upgrade;
}
