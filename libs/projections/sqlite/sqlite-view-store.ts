import type { Statement } from 'better-sqlite3';
import { migrateSqlite, writeLocked, type SqliteDb } from '../../event-store/sqlite/sqlite-database';
import { ParsedRows } from '../parsed-rows';
import { columnsOf, indexedColumnsOf, renderQuery, tableOf } from '../sql-query';
import type { Condition, ProjectionCommit, ViewChange, ViewDefinition, ViewQuery, ViewStore } from '../view-store.port';

const SQL_TYPES = { text: 'TEXT', integer: 'INTEGER', real: 'REAL' } as const;
const NORMAL = 1;
const FULL = 2;

/** A view's table and the statements that write and read it by key, prepared once. */
interface ViewTable {
  upsert: Statement;
  remove: Statement<[string]>;
  load: Statement<[string], string>;
  /** Indexed column names, in the order `upsert` binds them after key and doc. */
  columns: string[];
}

interface BoundChange {
  table: ViewTable;
  remove: boolean;
  values: unknown[];
}

/** Commits up to this many rows are serialised before their transaction (see `bindAhead`). */
const BIND_AHEAD_MAX_ROWS = 5_000;

/** Views and checkpoints in the embedded SQLite file, written in one transaction per batch. */
export class SqliteViewStore implements ViewStore {
  private readonly tables = new Map<string, ViewTable>();
  /** Views being bulk-loaded: their secondary indexes are built by the next `ensureViews`. */
  private readonly deferred = new Set<string>();
  private readonly statements = new Map<string, Statement>();
  private readonly checkpointOf: Statement<[string], number>;
  private readonly writeCheckpoint: Statement<[string, number, string]>;
  private readonly commitTransaction: (
    projection: string,
    changes: ViewChange[],
    bound: BoundChange[] | undefined,
    position: number,
  ) => void;
  private readonly commitAll: (commits: ProjectionCommit[], bound: Array<BoundChange[] | undefined>) => void;
  private readonly synchronousLevel: Statement<[], number>;
  /** `PRAGMA synchronous = <level>` statements by level, prepared on first use. */
  private readonly setSynchronous = new Map<number, Statement<[]>>();
  /** Rows of `sharedRows` views, parsed once per distinct document. */
  private readonly parsed = new ParsedRows();

  constructor(private readonly db: SqliteDb) {
    migrateSqlite(db, 'views', [
      `CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)`,
    ]);
    this.checkpointOf = db.prepare<[string], number>('SELECT position FROM projection_checkpoints WHERE name = ?').pluck();
    this.writeCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
    const write = (projection: string, changes: ViewChange[], bound: BoundChange[] | undefined, position: number): void => {
      for (let i = 0; i < changes.length; i++) {
        const change = bound ? bound[i] : this.bind(changes[i]);
        if (change.remove) change.table.remove.run(change.values[0] as string);
        else change.table.upsert.run(change.values);
      }
      this.writeCheckpoint.run(projection, position, new Date().toISOString());
    };
    const commit = db.transaction(write);
    this.commitTransaction = (projection, changes, bound, position) => commit.immediate(projection, changes, bound, position);
    // All or nothing as a whole, so the projections' writes need no savepoints of their own.
    const commitAll = db.transaction((commits: ProjectionCommit[], bound: Array<BoundChange[] | undefined>) => {
      commits.forEach(({ projection, changes, position }, i) => write(projection, changes, bound[i], position));
    });
    this.commitAll = (commits, bound) => commitAll.immediate(commits, bound);
    this.synchronousLevel = db.prepare<[], number>('PRAGMA synchronous').pluck();
  }

  /** A change as its statement binds it: the key for a delete; key, JSON and indexed columns for an upsert. */
  private bind({ view, key, row }: ViewChange): BoundChange {
    const table = this.tables.get(view.name) as ViewTable;
    if (row === null) return { table, remove: true, values: [key] };
    const indexed = view.index(row);
    const values: unknown[] = [key, JSON.stringify(row)];
    for (const column of table.columns) values.push(indexed[column] ?? null);
    return { table, remove: false, values };
  }

  /**
   * Serialise a commit's rows before its transaction, so the file's write lock (which appends wait
   * for) is held only for SQLite's own work. Not for a bulk load's large commits, whose JSON would
   * all sit in memory at once: those serialise row by row inside the transaction.
   */
  private bindAhead(changes: ViewChange[]): BoundChange[] | undefined {
    return changes.length <= BIND_AHEAD_MAX_ROWS ? changes.map((change) => this.bind(change)) : undefined;
  }

  async ensureViews(views: ViewDefinition[]): Promise<void> {
    const indexLater = views.filter((view) => this.deferred.delete(view.name));
    for (const view of views) this.ensure(view);
    if (indexLater.length === 0) return;
    const build = this.db.transaction(() => {
      for (const view of indexLater) this.createIndexes(view);
    });
    this.relaxed(() => build.immediate());
  }

  /** Drop the (empty) views' secondary indexes: one sorted build afterwards beats updating them row by row. */
  async deferIndexes(views: ViewDefinition[]): Promise<void> {
    for (const view of views) {
      this.ensure(view);
      this.deferred.add(view.name);
      writeLocked(this.db, () => {
        for (const col of indexedColumnsOf(view)) this.db.exec(`DROP INDEX IF EXISTS ${tableOf(view)}_${col}`);
      });
    }
  }

  private createIndexes(view: ViewDefinition): void {
    const table = tableOf(view);
    for (const col of indexedColumnsOf(view)) this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${col} ON ${table} (${col})`);
  }

  private ensure(view: ViewDefinition): ViewTable {
    const known = this.tables.get(view.name);
    if (known) return known;
    const table = tableOf(view);
    const sqlColumns = columnsOf(view);
    const defs = Object.entries(view.columns).map(([name, type]) => `, c_${name} ${SQL_TYPES[type]}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, doc TEXT NOT NULL${defs.join('')})`);
    if (!this.deferred.has(view.name)) this.createIndexes(view);
    const created: ViewTable = {
      upsert: this.db.prepare(
        `INSERT INTO ${table} (key, doc${sqlColumns.map((c) => `, ${c}`).join('')}) VALUES (?, ?${sqlColumns.map(() => ', ?').join('')})
         ON CONFLICT (key) DO UPDATE SET doc = excluded.doc${sqlColumns.map((c) => `, ${c} = excluded.${c}`).join('')}`,
      ),
      remove: this.db.prepare<[string]>(`DELETE FROM ${table} WHERE key = ?`),
      load: this.db.prepare<[string], string>(`SELECT doc FROM ${table} WHERE key = ?`).pluck(),
      columns: Object.keys(view.columns),
    };
    this.tables.set(view.name, created);
    return created;
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
    return this.checkpointOf.get(projection) ?? 0;
  }

  async load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    const doc = this.ensure(view as ViewDefinition).load.get(key);
    return doc === undefined ? undefined : (JSON.parse(doc) as Row);
  }

  async commit(projection: string, changes: ViewChange[], position: number): Promise<void> {
    for (const change of changes) this.ensure(change.view);
    const bound = this.bindAhead(changes);
    this.relaxed(() => this.commitTransaction(projection, changes, bound, position));
  }

  /** Every projection's rows and checkpoint in one transaction. */
  async commitMany(commits: ProjectionCommit[]): Promise<void> {
    for (const { changes } of commits) for (const change of changes) this.ensure(change.view);
    const bound = commits.map((c) => this.bindAhead(c.changes));
    this.relaxed(() => this.commitAll(commits, bound));
  }

  /**
   * Views are derived data: their rows and checkpoint commit atomically, so with synchronous=NORMAL
   * (no fsync of this commit) a power cut can only lose the latest view commits, never reorder them
   * ahead of the log — WAL recovery keeps a prefix of commits, and the projector replays from the
   * surviving checkpoint. The log's own appends keep the configured FULL durability. Commits and
   * index builds run here, holding the process's write lock for the file (see `writeLocked`).
   */
  private relaxed(work: () => void): void {
    writeLocked(this.db, () => {
      const level = this.db.inTransaction ? 0 : (this.synchronousLevel.get() as number);
      if (level < FULL) return work();
      this.synchronous(NORMAL);
      try {
        work();
      } finally {
        this.synchronous(level);
      }
    });
  }

  private synchronous(level: number): void {
    let statement = this.setSynchronous.get(level);
    if (!statement) {
      statement = this.db.prepare<[]>(`PRAGMA synchronous = ${Number(level)}`);
      this.setSynchronous.set(level, statement);
    }
    statement.run();
  }

  async query<Row>(view: ViewDefinition<Row>, query: ViewQuery = {}): Promise<Row[]> {
    this.ensure(view as ViewDefinition);
    // SQLite has no OFFSET without LIMIT; LIMIT -1 means "no limit".
    const paged = query.offset !== undefined && query.limit === undefined ? { ...query, limit: -1 } : query;
    const { sql, params } = renderQuery(view as ViewDefinition, paged, () => '?');
    const docs = this.stmt(sql).pluck().all(...params) as string[];
    if (view.sharedRows) return docs.map((doc) => this.parsed.parse<Row>(doc));
    return docs.map((doc) => JSON.parse(doc) as Row);
  }

  async count(view: ViewDefinition, where: Condition[] = []): Promise<number> {
    this.ensure(view);
    const { sql, params } = renderQuery(view, { where }, () => '?', 'COUNT(*) AS n');
    return this.stmt(sql).pluck().get(...params) as number;
  }

  async reset(projection: string, views: ViewDefinition[]): Promise<void> {
    const drop = this.db.transaction(() => {
      for (const view of views) this.db.exec(`DROP TABLE IF EXISTS ${tableOf(view)}`);
      this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(projection);
    });
    writeLocked(this.db, () => drop.immediate());
    for (const view of views) this.tables.delete(view.name);
    this.statements.clear();
    await this.ensureViews(views);
  }
}
