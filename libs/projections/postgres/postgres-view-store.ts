import type { Pool, PoolClient } from 'pg';
import {
  lockSchemaDdl,
  migratePostgres,
  openMigrated,
  quoteIdent,
  withTransaction,
  type PostgresTarget,
} from '../../event-store/postgres/postgres-migrations';
import { ParsedRows } from '../parsed-rows';
import { columnsOf, indexedColumnsOf, renderQuery, tableOf } from '../sql-query';
import {
  assertSafeName,
  type ColumnType,
  type ColumnValue,
  type Condition,
  type ProjectionCommit,
  type ViewChange,
  type ViewDefinition,
  type ViewQuery,
  type ViewStore,
} from '../view-store.port';

// "C" collation: text orders and compares by code point, as in SQLite and in memory.
const SQL_TYPES: Record<ColumnType, string> = {
  text: 'TEXT COLLATE "C"',
  integer: 'BIGINT',
  real: 'DOUBLE PRECISION',
};
const ARRAY_TYPES: Record<ColumnType, string> = { text: 'text[]', integer: 'bigint[]', real: 'float8[]' };

const MIGRATIONS = [
  (s: string) =>
    `CREATE TABLE ${s}.projection_checkpoints (
       name TEXT PRIMARY KEY, position BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
];

/** One view's share of a commit: keys to delete and rows to upsert (last change per key wins). */
interface ViewWrites {
  view: ViewDefinition;
  deletes: string[];
  keys: string[];
  docs: string[];
  values: ColumnValue[][];
}

/** Index every row and group the writes by view, before any SQL runs: a failing index() writes nothing. */
const planWrites = (changes: ViewChange[]): ViewWrites[] => {
  const last = new Map<string, ViewChange>();
  for (const change of changes) {
    const id = `${change.view.name}\u0000${change.key}`;
    last.delete(id);
    last.set(id, change);
  }
  const byView = new Map<string, ViewWrites>();
  for (const { view, key, row } of last.values()) {
    let writes = byView.get(view.name);
    if (!writes) {
      writes = { view, deletes: [], keys: [], docs: [], values: Object.keys(view.columns).map(() => []) };
      byView.set(view.name, writes);
    }
    if (row === null) {
      writes.deletes.push(key);
      continue;
    }
    const indexed = view.index(row);
    writes.keys.push(key);
    writes.docs.push(JSON.stringify(row));
    Object.keys(view.columns).forEach((column, i) => writes.values[i].push(indexed[column] ?? null));
  }
  return [...byView.values()];
};

/** Views and checkpoints in PostgreSQL: each batch's rows and checkpoint commit in one transaction. */
export class PostgresViewStore implements ViewStore {
  private readonly schema: string;
  private readonly ensured = new Map<string, Promise<void>>();
  private ready?: Promise<void>;
  private closed = false;
  /** Rows of `sharedRows` views, parsed once per distinct document. */
  private readonly parsed = new ParsedRows();

  constructor(
    private readonly pool: Pool,
    private readonly options: { schema?: string; ownsPool?: boolean } = {},
  ) {
    this.schema = options.schema ?? 'public';
  }

  /** Create or upgrade the checkpoint table (idempotent, safe across concurrent starters). */
  init(): Promise<void> {
    this.ready ??= migratePostgres(this.pool, this.schema, 'views', MIGRATIONS);
    return this.ready;
  }

  private table(view: ViewDefinition): string {
    return `${quoteIdent(this.schema)}.${tableOf(view)}`;
  }

  private get checkpoints(): string {
    return `${quoteIdent(this.schema)}.projection_checkpoints`;
  }

  async ensureViews(views: ViewDefinition[]): Promise<void> {
    for (const view of views) await this.ensure(view);
  }

  private ensure(view: ViewDefinition): Promise<void> {
    let done = this.ensured.get(view.name);
    if (!done) {
      done = this.init().then(() => withTransaction(this.pool, (client) => this.create(client, view)));
      done.catch(() => this.ensured.delete(view.name));
      this.ensured.set(view.name, done);
    }
    return done;
  }

  private async create(client: PoolClient, view: ViewDefinition): Promise<void> {
    await lockSchemaDdl(client, this.schema);
    const table = this.table(view);
    const cols = Object.entries(view.columns).map(
      ([name, type]) => `, c_${assertSafeName(name)} ${SQL_TYPES[type]}`,
    );
    const indexes = indexedColumnsOf(view).map(
      (c) => `CREATE INDEX IF NOT EXISTS ${tableOf(view)}_${c} ON ${table} (${c});`,
    );
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL${cols.join('')});
       ${indexes.join('\n')}`,
    );
  }

  async checkpoint(projection: string): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.checkpoints} WHERE name = $1`,
      [projection],
    );
    return rows.length > 0 ? Number(rows[0].position) : 0;
  }

  async load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    await this.ensure(view as ViewDefinition);
    const { rows } = await this.pool.query<{ doc: string }>(
      `SELECT doc FROM ${this.table(view as ViewDefinition)} WHERE key = $1`,
      [key],
    );
    return rows.length > 0 ? (JSON.parse(rows[0].doc) as Row) : undefined;
  }

  async commit(projection: string, changes: ViewChange[], position: number): Promise<void> {
    await this.commitMany([{ projection, changes, position }]);
  }

  async commitMany(commits: ProjectionCommit[]): Promise<void> {
    await this.init();
    for (const { changes } of commits) for (const change of changes) await this.ensure(change.view);
    const plans = commits.map((c) => ({ ...c, plan: planWrites(c.changes) }));
    await withTransaction(this.pool, async (client) => {
      for (const { projection, position, plan } of plans) {
        for (const writes of plan) await this.write(client, writes);
        await client.query(
          `INSERT INTO ${this.checkpoints} (name, position, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
          [projection, position],
        );
      }
    });
  }

  /** One DELETE and one multi-row upsert per view. */
  private async write(client: PoolClient, { view, deletes, keys, docs, values }: ViewWrites): Promise<void> {
    const table = this.table(view);
    if (deletes.length > 0) await client.query(`DELETE FROM ${table} WHERE key = ANY($1::text[])`, [deletes]);
    if (keys.length === 0) return;
    const cols = columnsOf(view);
    const arrays = Object.values(view.columns).map((type, i) => `, $${i + 3}::${ARRAY_TYPES[type]}`);
    await client.query(
      `INSERT INTO ${table} (key, doc${cols.map((c) => `, ${c}`).join('')})
       SELECT * FROM unnest($1::text[], $2::text[]${arrays.join('')})
       ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc${cols.map((c) => `, ${c} = EXCLUDED.${c}`).join('')}`,
      [keys, docs, ...values],
    );
  }

  async query<Row>(view: ViewDefinition<Row>, query: ViewQuery = {}): Promise<Row[]> {
    const v = view as ViewDefinition;
    await this.ensure(v);
    const { sql, params } = this.select(v, query.where, 'doc');
    let text = sql;
    if (query.orderBy && query.orderBy.length > 0) {
      // NULL sorts as the smallest value, as in SQLite and in memory (PostgreSQL's default is the opposite).
      const terms = query.orderBy.map((o) =>
        o.direction === 'desc'
          ? `${columnOf(v, o.column)} DESC NULLS LAST`
          : `${columnOf(v, o.column)} ASC NULLS FIRST`,
      );
      text += ` ORDER BY ${terms.join(', ')}, key ASC`;
    }
    if (query.limit !== undefined) text += ` LIMIT $${params.push(query.limit)}`;
    if (query.offset !== undefined) text += ` OFFSET $${params.push(query.offset)}`;
    const { rows } = await this.pool.query<{ doc: string }>(text, params);
    if (v.sharedRows) return rows.map((r) => this.parsed.parse<Row>(r.doc));
    return rows.map((r) => JSON.parse(r.doc) as Row);
  }

  async count(view: ViewDefinition, where: Condition[] = []): Promise<number> {
    await this.ensure(view);
    const { sql, params } = this.select(view, where, 'COUNT(*) AS n');
    const { rows } = await this.pool.query<{ n: string }>(sql, params);
    return Number(rows[0].n);
  }

  /** The shared WHERE rendering, over this store's schema-qualified table. */
  private select(view: ViewDefinition, where: Condition[] | undefined, select: string) {
    const { sql, params } = renderQuery(view, { where }, (i) => `$${i}`, select);
    const head = `SELECT ${select} FROM ${tableOf(view)}`;
    if (!sql.startsWith(head)) throw new Error(`Unexpected query shape for view ${view.name}`);
    return { sql: `SELECT ${select} FROM ${this.table(view)}${sql.slice(head.length)}`, params };
  }

  async reset(projection: string, views: ViewDefinition[]): Promise<void> {
    await this.init();
    await withTransaction(this.pool, async (client) => {
      await lockSchemaDdl(client, this.schema);
      for (const view of views) await client.query(`DROP TABLE IF EXISTS ${this.table(view)}`);
      await client.query(`DELETE FROM ${this.checkpoints} WHERE name = $1`, [projection]);
      for (const view of views) await this.create(client, view);
    });
    for (const view of views) this.ensured.set(view.name, Promise.resolve());
  }

  /** End the pool if this store opened it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.options.ownsPool) await this.pool.end();
  }
}

const columnOf = (view: ViewDefinition, name: string): string => {
  if (name === 'key') return 'key';
  if (!(name in view.columns)) throw new Error(`View ${view.name} has no column ${name}`);
  return `c_${assertSafeName(name)}`;
};

/** Open (migrating as needed) a PostgreSQL view store over a given pool or a connection string. */
export const openPostgresViewStore = (target: PostgresTarget): Promise<PostgresViewStore> =>
  openMigrated(
    target,
    (pool, owned) => new PostgresViewStore(pool, { schema: target.schema, ownsPool: owned }),
  );
