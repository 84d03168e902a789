/**
 * AES-256-GCM from node:crypto, the one cipher Taskmaster uses: a random 96-bit IV per message, a 128-bit tag, and
 * associated data that binds the ciphertext to what it claims to be (its key ids and tenant). Sealed form:
 * IV (12 bytes) | ciphertext | tag (16 bytes).
 */
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

export const cipherName = 'AES-256-GCM';
const algorithm = 'aes-256-gcm';
const ivBytes = 12;
const tagBytes = 16;
/** IVs are cut from one CSPRNG fill of this many bytes: a fill costs about as much as a call for 12 bytes. */
const ivPoolBytes = ivBytes * 512;
let ivPool = Buffer.alloc(0);
let ivPoolOffset = 0;

/**
 * 12 fresh CSPRNG bytes. Each part of a pool is handed out once, and a spent pool is replaced, never refilled, so
 * an IV handed out earlier never changes and none repeats.
 */
function freshIv(): Buffer {
  if (ivPoolOffset + ivBytes > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafe(ivPoolBytes));
    ivPoolOffset = 0;
  }
  const iv = ivPool.subarray(ivPoolOffset, ivPoolOffset + ivBytes);
  ivPoolOffset += ivBytes;
  return iv;
}

export function seal(key: Buffer, plaintext: Uint8Array, associatedData: Buffer): Buffer {
  const iv = freshIv();
  const cipher = createCipheriv(algorithm, key, iv, { authTagLength: tagBytes });
  cipher.setAAD(associatedData);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or undefined when the tag does not check out (wrong key, tampered or truncated data). */
export function openSealed(key: Buffer, sealed: Uint8Array, associatedData: Buffer): Buffer | undefined {
  if (sealed.byteLength < ivBytes + tagBytes) return undefined;
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  try {
    const decipher = createDecipheriv(algorithm, key, bytes.subarray(0, ivBytes), { authTagLength: tagBytes });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    return Buffer.concat([decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)), decipher.final()]);
  } catch {
    return undefined;
  }
}
