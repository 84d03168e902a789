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

/** The name of an object the caller names itself: its tenant (`_default` for none) and a SHA-256. */
export interface ObjectName {
  tenant: string;
  sha256: string;
}

/**
 * Objects named by the caller, kept once and never replaced: the evidence vault's items, named by their tenant and
 * the SHA-256 of their plaintext. The stored bytes are ciphertext, so the store cannot check a name against its bytes;
 * the vault does, after decrypting. Files by default; a table beside the content store's with the postgres store.
 */
export interface NamedObjectStore {
  /** Keeps the bytes under the name unless something is already there; answers whether it wrote them. */
  putIfAbsent(name: ObjectName, bytes: Uint8Array): Promise<boolean>;
  /** The bytes under the name, or undefined when there are none. */
  get(name: ObjectName): Promise<Uint8Array | undefined>;
}
