import type pg from 'pg';
import { ensureOnce, tableName } from '../content-store/postgres-pool';
import type { DataKeyStorage, WrappedDataKey } from './tenant-keys';

interface Row {
  tenant: string;
  id: string;
  wrapped_by: string;
  wrapped: string;
  created_at: string;
}

const fromRow = (row: Row): WrappedDataKey => ({
  tenant: row.tenant,
  id: row.id,
  wrappedBy: row.wrapped_by,
  wrapped: row.wrapped,
  createdAt: row.created_at,
});

/**
 * Wrapped data keys in the content store's PostgreSQL database (`<contentStore.table>_tenant_keys`), one row per key,
 * so that the facade and the workers on every host of a cluster unwrap the same keys. The rows hold only wrapped
 * keys: the ring's keys that unwrap them stay in TASKMASTER_ENCRYPTION_KEYS or the key file, never in the database.
 * Deleting a tenant's rows crypto-shreds it (and every backup of the database still holds them: see docs/security.md).
 */
export class DataKeyTable implements DataKeyStorage {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {
    tableName(table);
    this.ensureTable = ensureOnce(
      pool,
      `CREATE TABLE IF NOT EXISTS ${table} (tenant text NOT NULL, id text NOT NULL, wrapped_by text NOT NULL, ` +
        'wrapped text NOT NULL, created_at text NOT NULL, PRIMARY KEY (tenant, id))',
    );
  }

  describe(tenant: string): string {
    return `table ${this.table} (tenant ${JSON.stringify(tenant)})`;
  }

  async list(tenant: string): Promise<WrappedDataKey[]> {
    await this.ensureTable();
    const result = await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE tenant = $1`, [tenant]);
    return result.rows.map(fromRow);
  }

  async read(tenant: string, id: string): Promise<WrappedDataKey | undefined> {
    await this.ensureTable();
    const result = await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE tenant = $1 AND id = $2`, [tenant, id]);
    const row = result.rows[0];
    return row ? fromRow(row) : undefined;
  }

  async exists(tenant: string, id: string): Promise<boolean> {
    // A database that cannot be reached is not a destroyed key: keep the key in memory and look again later.
    try {
      return (await this.read(tenant, id)) !== undefined;
    } catch {
      return true;
    }
  }

  async create(key: WrappedDataKey): Promise<void> {
    await this.ensureTable();
    // A plain INSERT: a taken (tenant, id) fails on the primary key, never overwrites.
    await this.pool.query(`INSERT INTO ${this.table} (tenant, id, wrapped_by, wrapped, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      key.tenant,
      key.id,
      key.wrappedBy,
      key.wrapped,
      key.createdAt,
    ]);
  }

  async destroy(tenant: string): Promise<number> {
    await this.ensureTable();
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE tenant = $1`, [tenant]);
    return result.rowCount ?? 0;
  }
}
