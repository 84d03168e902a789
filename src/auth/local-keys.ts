/**
 * The one door for the local signing key (auth.mode: local): an Ed25519 key pair kept as a private JWK in
 * `<dataDir>/auth/signing-key.json` (file 0600, folder 0700), created on first start. `npm start` and `npm run token`
 * sign with it; the facade verifies with its public half. Rotate by deleting the file and restarting: every token
 * signed with the old key is then refused.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { z } from 'zod';

/** The only algorithm a local token may use. */
export const localAlgorithm = 'EdDSA';

const privateJwkSchema = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().min(1),
    d: z.string().min(1),
    kid: z.string().min(1),
    alg: z.literal(localAlgorithm),
  })
  .strict();

export interface LocalSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Why the local key cannot be used; the message says what to do. */
export class LocalKeyError extends Error {
  override readonly name = 'LocalKeyError';
}

export const localKeyFile = (dataDir: string): string => path.join(dataDir, 'auth', 'signing-key.json');

/** Creates the key pair unless the file exists; true when it was created now. Safe when two processes race. */
export async function ensureLocalSigningKey(dataDir: string): Promise<boolean> {
  const file = localKeyFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  if (exists(file)) return false;
  const { privateKey } = await generateKeyPair(localAlgorithm, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  try {
    writeFileSync(file, `${JSON.stringify({ ...jwk, kid, alg: localAlgorithm }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  return true;
}

/** Reads the key pair; refuses a missing, malformed or group/world-readable file. */
export async function loadLocalSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const file = localKeyFile(dataDir);
  let text: string;
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new LocalKeyError(`${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it, or delete it to make a new key`);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof LocalKeyError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LocalKeyError(`no signing key at ${file}: npm start (or npm run token) creates it`);
    }
    throw new LocalKeyError(`cannot read the signing key ${file}: ${(error as Error).message}`);
  }
  const parsed = privateJwkSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new LocalKeyError(
      `${file} is not an Ed25519 private JWK (delete it to make a new key): ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  const { d: _d, ...publicJwk } = parsed.data;
  return {
    kid: parsed.data.kid,
    privateKey: asymmetric(await importJWK(parsed.data, localAlgorithm)),
    publicKey: asymmetric(await importJWK(publicJwk, localAlgorithm)),
  };
}

/** importJWK answers bytes for a symmetric JWK; the schema above admits OKP keys only. */
function asymmetric(key: CryptoKey | Uint8Array): CryptoKey {
  if (key instanceof Uint8Array) throw new LocalKeyError('the signing key must be an Ed25519 key pair');
  return key;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
