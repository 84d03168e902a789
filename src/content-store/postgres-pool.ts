import pg from 'pg';

const pools = new Map<string, pg.Pool>();

/**
 * One PostgreSQL pool per process and database: the content store, the evidence vault and the tenant data keys of
 * a process share it instead of each opening connections of their own.
 */
export function postgresPoolFor(connectionString: string): pg.Pool {
  let pool = pools.get(connectionString);
  if (!pool) {
    // allowExitOnIdle: a worker process that has finished must not be kept alive by idle connections.
    pool = new pg.Pool({ connectionString, max: 6, allowExitOnIdle: true, connectionTimeoutMillis: 10_000 });
    // An idle connection that the server drops (a restart) surfaces here; the next query opens a new one.
    pool.on('error', () => undefined);
    pools.set(connectionString, pool);
  }
  return pool;
}

/** Closes the pool of a database (tests and tools that are done with it); the next use opens a new one. */
export async function closePostgresPool(connectionString: string): Promise<void> {
  const pool = pools.get(connectionString);
  if (!pool) return;
  pools.delete(connectionString);
  await pool.end();
}

/**
 * Runs a table's CREATE TABLE IF NOT EXISTS once per process; a failed attempt (the database down) is retried by
 * the next call instead of failing every later one.
 */
export function ensureOnce(pool: pg.Pool, ddl: string): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= pool.query(ddl).then(() => undefined);
    ready.catch(() => (ready = undefined));
    return ready;
  };
}

const tablePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** A table name built from the configured one; checked, since it is put into SQL text. */
export function tableName(name: string): string {
  if (!tablePattern.test(name)) throw new Error(`not a table name: ${JSON.stringify(name)}`);
  return name;
}
