/**
 * The deployment's case-bundle signing key: Ed25519, the private half in `<dataDir>/keys/bundle-signing-key.pem`
 * (0600, created on first use, like the token signing key), the public half in `<dataDir>/bundle-signing-key.pub.pem`
 * for anyone to take, and served at GET /v1/forensics/bundle-key. Rotate by moving the file away: bundles signed
 * before stay verifiable with the old public key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BundleSigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** SHA-256 of the public key's DER (SPKI): what an expert compares with the deployment's published one. */
  fingerprint: string;
}

export const bundleKeyFile = (dataDir: string): string => path.join(dataDir, 'keys', 'bundle-signing-key.pem');
export const bundlePublicKeyFile = (dataDir: string): string => path.join(dataDir, 'bundle-signing-key.pub.pem');

export function publicKeyFingerprint(publicKeyPem: string): string {
  return createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Loads the key, creating it (and the public key file) on first use. */
export function loadBundleSigningKey(dataDir: string): BundleSigningKey {
  const file = bundleKeyFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const publicFile = bundlePublicKeyFile(dataDir);
  if (!existsSync(publicFile) || readFileSync(publicFile, 'utf8') !== publicKeyPem) writeFileSync(publicFile, publicKeyPem);
  return { privateKey, publicKeyPem, fingerprint: publicKeyFingerprint(publicKeyPem) };
}
