/** temporal.yaml's `contentStore` (large payloads, keyed by SHA-256) and `encryption` (payload codec). Pure module. */
import { z } from 'zod';

/**
 * Where payloads larger than the threshold go instead of Temporal's history (inputs, outputs, results), keyed by
 * SHA-256. Client and workers must share it: `file` is a folder of the data dir (one machine), `postgres` a table
 * in a database every host reaches (a cluster; the URL best comes from TASKMASTER_CONTENT_STORE_URL).
 */
export const contentStoreSchema = z
  .object({
    kind: z.enum(['file', 'postgres']).default('file'),
    dir: z.string().min(1).default('content'),
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// connection string')
      .optional(),
    table: z
      .string()
      // At most 51 characters: the vault and the tenant keys use this name with _evidence and _tenant_keys added.
      .regex(/^[a-z_][a-z0-9_]{0,50}$/, 'expected a lower-case SQL table name of at most 51 characters')
      .default('taskmaster_content'),
    thresholdBytes: z
      .number()
      .int()
      .min(1024)
      .max(2_000_000)
      .default(128 * 1024),
  })
  .strict()
  .refine((store) => store.kind !== 'postgres' || store.url !== undefined, {
    path: ['url'],
    message: 'kind postgres needs the connection string (contentStore.url or TASKMASTER_CONTENT_STORE_URL)',
  });

/**
 * Payload encryption (AES-256-GCM) of everything Taskmaster hands to Temporal, and the codec server the Web UI
 * calls to show it decrypted. Keys come from TASKMASTER_ENCRYPTION_KEYS or the key file (see src/crypto).
 */
export const encryptionSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The key ring file, relative to the data dir; tenant data keys live in `tenants/` beside it. */
    keyFile: z.string().min(1).default('keys/encryption-keys.json'),
    codecServer: z
      .object({
        /** Web UI origins allowed to call /codec; empty: the dev server's Web UI and connection.webUiUrl. */
        corsOrigins: z.array(z.url()).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();
