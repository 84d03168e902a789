/** temporal.yaml's `connection` (any Temporal: dev server, cluster, Cloud) and `devServer` (what `npm start` runs). */
import { z } from 'zod';
import { durationSchema } from './duration';

export const port = z.number().int().min(1).max(65535);

const tlsSchema = z
  .object({
    enabled: z.boolean().default(false),
    serverNameOverride: z.string().optional(),
    serverRootCaCertFile: z.string().optional(),
    clientCertFile: z.string().optional(),
    clientKeyFile: z.string().optional(),
  })
  .strict();

export const connectionSchema = z
  .object({
    address: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')
      .default('127.0.0.1:7233'),
    namespace: z.string().min(1).default('default'),
    tls: tlsSchema.prefault({}),
    /** The name of the environment variable that holds the API key (Temporal Cloud); never the key itself. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    /** Base URL of the Web UI used in links, e.g. https://cloud.temporal.io for Temporal Cloud. */
    webUiUrl: z.url().optional(),
  })
  .strict();

export const devServerSchema = z
  .object({
    enabled: z.boolean().default(true),
    cliVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, 'expected a version such as "v1.5.1"')
      .default('v1.5.1'),
    /** SQLite file, relative to the data dir. */
    databaseFile: z.string().min(1).default('temporal.sqlite'),
    /** 'memory' keeps nothing across restarts (benchmarks, throwaway stacks); 'file' is the durable default. */
    persistence: z.enum(['file', 'memory']).default('file'),
    ip: z.string().default('127.0.0.1'),
    uiPort: port.default(8233),
    /** The server's own Prometheus endpoint (`start-dev --metrics-port`): the first free port from this one. 0: none. */
    metricsPort: z.number().int().min(0).max(65535).default(9463),
    /** No Web UI (tests). */
    headless: z.boolean().default(false),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
    /**
     * SQLite pragmas. WAL with synchronous=NORMAL survives a crash of the server process and spares an fsync per
     * transaction, which is what bounds the dev server's throughput; a power cut may lose the last transactions.
     */
    sqlitePragmas: z.record(z.string().regex(/^[a-z_]+$/, 'expected a pragma name'), z.union([z.string(), z.number()])).default({
      journal_mode: 'wal',
      synchronous: 'normal',
      busy_timeout: 10000,
      cache_size: -65536,
      temp_store: 'memory',
      mmap_size: 268435456,
    }),
    /** Extra --dynamic-config-value pairs; Priority and Fairness are always enabled. */
    dynamicConfig: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    startupTimeout: durationSchema.default(120_000),
  })
  .strict();
