import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ContentStore } from './content-store';
import { ensureOnce, tableName } from './postgres-pool';

const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * The content store of a cluster: one table in a PostgreSQL database that every host reaches (the cluster's own
 * PostgreSQL will do), so that a worker on any host reads what another wrote. Rows are keyed by the SHA-256 of their
 * bytes and never updated; every read hashes the bytes again, so a row altered in the database is refused.
 */
export class PostgresContentStore implements ContentStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {
    tableName(table);
    this.ensureTable = ensureOnce(
      pool,
      `CREATE TABLE IF NOT EXISTS ${table} ` +
        '(sha256 char(64) PRIMARY KEY, bytes bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())',
    );
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
}
