import type pg from 'pg';
import type { NamedObjectStore, ObjectName } from './content-store';
import { ensureOnce, tableName } from './postgres-pool';

const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * Named objects in a table of the content store's database (`<contentStore.table>_evidence`), keyed by tenant and
 * SHA-256, so that every host of a cluster reads the same evidence vault. Rows are inserted once and never updated.
 */
export class PostgresObjectStore implements NamedObjectStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {
    tableName(table);
    this.ensureTable = ensureOnce(
      pool,
      `CREATE TABLE IF NOT EXISTS ${table} (tenant text NOT NULL, sha256 char(64) NOT NULL, bytes bytea NOT NULL, ` +
        'stored_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant, sha256))',
    );
  }

  async putIfAbsent({ tenant, sha256 }: ObjectName, bytes: Uint8Array): Promise<boolean> {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    await this.ensureTable();
    const result = await this.pool.query(
      `INSERT INTO ${this.table} (tenant, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT (tenant, sha256) DO NOTHING`,
      [tenant, sha256, Buffer.from(bytes)],
    );
    return result.rowCount === 1;
  }

  async get({ tenant, sha256 }: ObjectName): Promise<Uint8Array | undefined> {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    await this.ensureTable();
    const result = await this.pool.query<{ bytes: Buffer }>(`SELECT bytes FROM ${this.table} WHERE tenant = $1 AND sha256 = $2`, [
      tenant,
      sha256,
    ]);
    return result.rows[0]?.bytes;
  }
}
