import type { Statement } from 'better-sqlite3';
import { migrateSqlite, type SqliteDb } from '../../event-store/sqlite/sqlite-database';
import { columnsOf, renderQuery, tableOf } from '../sql-query';
import type { Condition, ViewChange, ViewDefinition, ViewQuery, ViewStore } from '../view-store.port';

const SQL_TYPES = { text: 'TEXT', integer: 'INTEGER', real: 'REAL' } as const;

/** Views and checkpoints in the embedded SQLite file, written in one transaction per batch. */
export class SqliteViewStore implements ViewStore {
  private readonly ensured = new Set<string>();
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDb) {
    migrateSqlite(db, 'views', [
      `CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)`,
    ]);
  }

  async ensureViews(views: ViewDefinition[]): Promise<void> {
    for (const view of views) this.ensure(view);
  }

  private ensure(view: ViewDefinition): void {
    if (this.ensured.has(view.name)) return;
    const table = tableOf(view);
    const cols = Object.entries(view.columns).map(([name, type]) => `c_${name} ${SQL_TYPES[type]}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, doc TEXT NOT NULL${cols.map((c) => `, ${c}`).join('')})`);
    for (const col of columnsOf(view)) this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${col} ON ${table} (${col})`);
    this.ensured.add(view.name);
  }

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async checkpoint(projection: string): Promise<number> {
    const row = this.db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get(projection) as
      | { position: number }
      | undefined;
    return row?.position ?? 0;
  }

  async load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    this.ensure(view as ViewDefinition);
    const row = this.stmt(`SELECT doc FROM ${tableOf(view as ViewDefinition)} WHERE key = ?`).get(key) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as Row) : undefined;
  }

  async commit(projection: string, changes: ViewChange[], position: number): Promise<void> {
    for (const change of changes) this.ensure(change.view);
    this.db
      .transaction(() => {
        for (const { view, key, row } of changes) {
          const table = tableOf(view);
          if (row === null) {
            this.stmt(`DELETE FROM ${table} WHERE key = ?`).run(key);
            continue;
          }
          const cols = columnsOf(view);
          const indexed = view.index(row);
          const values = Object.keys(view.columns).map((c) => indexed[c] ?? null);
          this
            .stmt(
              `INSERT INTO ${table} (key, doc${cols.map((c) => `, ${c}`).join('')}) VALUES (?, ?${cols.map(() => ', ?').join('')})
               ON CONFLICT (key) DO UPDATE SET doc = excluded.doc${cols.map((c) => `, ${c} = excluded.${c}`).join('')}`,
            )
            .run(key, JSON.stringify(row), ...values);
        }
        this
          .stmt(
            `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
          )
          .run(projection, position, new Date().toISOString());
      })
      .immediate();
  }

  async query<Row>(view: ViewDefinition<Row>, query: ViewQuery = {}): Promise<Row[]> {
    this.ensure(view as ViewDefinition);
    // SQLite has no OFFSET without LIMIT; LIMIT -1 means "no limit".
    const paged = query.offset !== undefined && query.limit === undefined ? { ...query, limit: -1 } : query;
    const { sql, params } = renderQuery(view as ViewDefinition, paged, () => '?');
    return (this.stmt(sql).all(...params) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as Row);
  }

  async count(view: ViewDefinition, where: Condition[] = []): Promise<number> {
    this.ensure(view);
    const { sql, params } = renderQuery(view, { where }, () => '?', 'COUNT(*) AS n');
    return (this.db.prepare(sql).get(...params) as { n: number }).n;
  }

  async reset(projection: string, views: ViewDefinition[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const view of views) this.db.exec(`DROP TABLE IF EXISTS ${tableOf(view)}`);
        this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(projection);
      })
      .immediate();
    for (const view of views) this.ensured.delete(view.name);
    this.statements.clear();
    await this.ensureViews(views);
  }
}
