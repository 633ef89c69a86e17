// Plumbing shared by the PostgreSQL adapters: pools, quoting, transactions, advisory locks, versioned migrations.
import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';

/** Where a PostgreSQL adapter keeps its tables: a pool it is given (or opens) and a schema. */
export interface PostgresTarget {
  /** A shared pool; the adapter never ends a pool it was given. */
  pool?: Pool;
  /** Used to open a pool of the adapter's own when `pool` is not given. */
  connectionString?: string;
  /** Size of a pool the adapter opens itself (default 10). */
  poolSize?: number;
  /** Schema holding the adapter's tables, created if missing (default `public`). */
  schema?: string;
}

/** A target's pool, and whether the adapter opened it (and so must end it on close). */
export const poolOf = (target: PostgresTarget): { pool: Pool; owned: boolean } => {
  if (target.pool) return { pool: target.pool, owned: false };
  if (!target.connectionString) throw new Error('A PostgreSQL adapter needs a pool or a connectionString');
  const pool = new Pool({ connectionString: target.connectionString, max: target.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return { pool, owned: true };
};

/** Build an adapter over the target's pool and migrate it; a failed migration closes it again. */
export const openMigrated = async <A extends { init(): Promise<void>; close(): Promise<void> }>(
  target: PostgresTarget,
  make: (pool: Pool, owned: boolean) => A,
): Promise<A> => {
  const { pool, owned } = poolOf(target);
  const adapter = make(pool, owned);
  try {
    await adapter.init();
  } catch (error) {
    await adapter.close();
    throw error;
  }
  return adapter;
};

/** Quote an identifier (schema, table) for SQL text. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A stable advisory-lock key (signed 64-bit, as SQL literal) for a purpose within a schema. */
export const advisoryKey = (purpose: string, schema: string): string =>
  createHash('sha256').update(`tenfold:${purpose}:${schema}`).digest().readBigInt64BE(0).toString();

/** Roll back an open transaction and return the client; a client that cannot roll back is destroyed. */
const rollbackAndRelease = async (client: PoolClient): Promise<void> => {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (rollbackError) {
    client.release(rollbackError instanceof Error ? rollbackError : true);
  }
};

/** Run `work` in one transaction on a pooled client; roll back (or drop a broken client) on failure. */
export const withTransaction = async <T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    await rollbackAndRelease(client);
    throw error;
  }
};

/** Hold the schema's DDL lock for the rest of the transaction: migrations and view tables never race. */
export const lockSchemaDdl = async (client: PoolClient, schema: string): Promise<void> => {
  await client.query(`SELECT pg_advisory_xact_lock(${advisoryKey('ddl', schema)})`);
};

/**
 * Apply a component's numbered migrations once each, recording them in `schema_migrations`.
 * All of it runs in one transaction under the schema's advisory lock, so concurrent starters
 * wait for each other and a failed migration leaves nothing half-applied.
 */
export const migratePostgres = async (
  pool: Pool,
  schema: string,
  component: string,
  migrations: ReadonlyArray<(qualifiedSchema: string) => string>,
): Promise<void> => {
  const s = quoteIdent(schema);
  await withTransaction(pool, async (client) => {
    // Each statement must see what a concurrent starter committed while this one waited for the lock.
    await client.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await lockSchemaDdl(client, schema);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
      component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version))`);
    const applied = await client.query<{ version: number }>(
      `SELECT version FROM ${s}.schema_migrations WHERE component = $1`,
      [component],
    );
    const done = new Set(applied.rows.map((r) => r.version));
    for (const [index, migration] of migrations.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await client.query(migration(s));
      await client.query(`INSERT INTO ${s}.schema_migrations (component, version) VALUES ($1, $2)`, [
        component,
        version,
      ]);
    }
  });
};
