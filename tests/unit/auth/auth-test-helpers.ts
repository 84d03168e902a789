import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { JSONWebKeySet } from 'jose';
import { authConfigSchema, type AuthConfig } from '../../../src/config/schema';

export const tempDataDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'taskmaster-auth-'));

/** auth config as temporal.yaml would give it, with changes. */
export const authConfig = (overrides: Record<string, unknown> = {}): AuthConfig => authConfigSchema.parse(overrides);

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT with the given header and payload and whatever signature text, built by hand (for alg none and the like). */
export const handmadeJwt = (header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string =>
  `${base64url(header)}.${base64url(payload)}.${signature}`;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** An IdP's key set served over HTTP on a free port, as the jwks mode reads it. */
export async function startJwksServer(keys: JSONWebKeySet): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.json(keys);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
