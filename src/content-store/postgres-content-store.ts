import { createHash } from 'node:crypto';
import pg from 'pg';
import type { ContentStore } from './content-store';

const sha256Pattern = /^[0-9a-f]{64}$/;
const tablePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The content store of a cluster: one table in a PostgreSQL database that every host reaches (the cluster's own
 * PostgreSQL will do), so that a worker on any host reads what another wrote. Rows are keyed by the SHA-256 of their
 * bytes and never updated; every read hashes the bytes again, so a row altered in the database is refused.
 */
export class PostgresContentStore implements ContentStore {
  private readonly pool: pg.Pool;
  private ready: Promise<void> | undefined;

  constructor(
    connectionString: string,
    private readonly table: string,
  ) {
    if (!tablePattern.test(table)) throw new Error(`not a table name: ${JSON.stringify(table)}`);
    // allowExitOnIdle: a worker process that has finished must not be kept alive by idle connections.
    this.pool = new pg.Pool({ connectionString, max: 4, allowExitOnIdle: true, connectionTimeoutMillis: 10_000 });
    // An idle connection that the server drops (a restart) surfaces here; the next query opens a new one.
    this.pool.on('error', () => undefined);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.ensureTable();
    await this.pool.query(`INSERT INTO ${this.table} (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`, [
      sha256,
      Buffer.from(bytes),
    ]);
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array> {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    await this.ensureTable();
    const result = await this.pool.query<{ bytes: Buffer }>(`SELECT bytes FROM ${this.table} WHERE sha256 = $1`, [sha256]);
    const row = result.rows[0];
    if (!row) throw new Error(`content ${sha256} is not in the store`);
    const actual = createHash('sha256').update(row.bytes).digest('hex');
    if (actual !== sha256) throw new Error(`content ${sha256} is corrupt (its bytes hash to ${actual})`);
    return row.bytes;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${this.table} ` +
          '(sha256 char(64) PRIMARY KEY, bytes bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())',
      )
      .then(() => undefined);
    // A failed attempt (the database down) is retried by the next call instead of failing every later one.
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }
}
