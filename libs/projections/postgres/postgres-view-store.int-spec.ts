import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { quoteIdent } from '../../event-store/postgres/postgres-migrations';
import { runViewStoreContract } from '../contract/view-store.contract';
import type { ViewDefinition } from '../view-store.port';
import { openPostgresViewStore, PostgresViewStore } from './postgres-view-store';

const connectionString = process.env.TENFOLD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new Pool({ connectionString, max: 1 });
const freshSchema = (): string => `tenfold_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const dropSchema = (schema: string) => admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);

afterAll(() => admin.end());

runViewStoreContract('postgres', async () => {
  const schema = freshSchema();
  const store = await openPostgresViewStore({ connectionString, schema, poolSize: 2 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});

const counters: ViewDefinition<{ n: number }> = {
  name: 'counters',
  columns: { n: 'integer', ratio: 'real', label: 'text' },
  index: (row) => ({ n: row.n, ratio: row.n / 3, label: `#${row.n}` }),
};

describe('postgres view store', () => {
  let schema: string;
  let pool: Pool;

  beforeEach(() => {
    schema = freshSchema();
    pool = new Pool({ connectionString, max: 4 });
  });
  afterEach(async () => {
    await pool.end();
    await dropSchema(schema);
  });

  it('lays tables out as SQLite does, with typed, indexed columns', async () => {
    const store = new PostgresViewStore(pool, { schema });
    await store.ensureViews([counters]);
    const { rows } = await admin.query(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = 'view_counters' ORDER BY ordinal_position`,
      [schema],
    );
    expect(rows.map((r) => `${r.column_name} ${r.data_type}`)).toEqual([
      'key text',
      'doc text',
      'c_n bigint',
      'c_ratio double precision',
      'c_label text',
    ]);
    const indexes = await admin.query(
      'SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname',
      [schema],
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining(['view_counters_c_label', 'view_counters_c_n', 'view_counters_c_ratio']),
    );
  });

  it('ensures views and migrates safely when several stores start at once on one pool', async () => {
    const stores = Array.from({ length: 4 }, () => new PostgresViewStore(pool, { schema }));
    await Promise.all(stores.map((s) => s.ensureViews([counters])));
    await stores[0].commit(
      'c',
      [{ view: counters as ViewDefinition, key: 'k', row: { n: 2 ** 40 } }],
      2 ** 40,
    );
    expect(await stores[1].checkpoint('c')).toBe(2 ** 40);
    expect(await stores[2].count(counters, [{ column: 'n', op: '=', value: 2 ** 40 }])).toBe(1);
    const migrations = await admin.query(
      `SELECT component, version FROM ${quoteIdent(schema)}.schema_migrations`,
    );
    expect(migrations.rows).toEqual([{ component: 'views', version: 1 }]);
  });

  it('writes a batch and its checkpoint in one transaction: a rejected value rolls back both', async () => {
    const store = new PostgresViewStore(pool, { schema });
    await store.commit('c', [{ view: counters as ViewDefinition, key: 'a', row: { n: 1 } }], 1);
    // 1.5 is no BIGINT: the database, not index(), refuses the second view's rows.
    const badInteger: ViewDefinition<{ n: number }> = {
      name: 'bad_integer',
      columns: { n: 'integer' },
      index: (r) => r,
    };
    const failing = [
      { view: counters as ViewDefinition, key: 'a', row: { n: 5 } },
      { view: badInteger as ViewDefinition, key: 'x', row: { n: 1.5 } },
    ];
    await expect(store.commit('c', failing, 2)).rejects.toThrow();
    expect(await store.checkpoint('c')).toBe(1);
    expect(await store.load(counters, 'a')).toEqual({ n: 1 });
  });
});
