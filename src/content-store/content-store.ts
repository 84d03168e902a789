/**
 * A content-addressed store: bytes are kept under their SHA-256, so the same content is stored once and a
 * reference can be checked against what it names. Files under the data dir by default; an S3-compatible store
 * implements the same two calls.
 */
export interface ContentStore {
  /** Stores the bytes and returns their SHA-256 (lower-case hex). */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under the hash; throws if they are missing or do not match it. */
  get(sha256: string): Promise<Uint8Array>;
}
