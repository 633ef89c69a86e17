import type { StoredEvent } from '../event-store/event-store.port';

/** `integer` columns take whole numbers only (PostgreSQL refuses others; SQLite would store them). */
export type ColumnType = 'text' | 'integer' | 'real';
export type ColumnValue = string | number | null;

/** A view: a keyed set of JSON rows, with some fields copied into indexed columns for queries. */
export interface ViewDefinition<Row = unknown> {
  /** Table-safe name: lowercase letters, digits and underscores. */
  name: string;
  columns: Record<string, ColumnType>;
  /**
   * Columns worth an index (selective ones that queries filter or sort on). Every index costs
   * each write; default: all columns.
   */
  indexes?: string[];
  /** The indexed column values of a row. */
  index(row: Row): Record<string, ColumnValue>;
  /**
   * Rows `query` returns may be shared between calls (a store may keep them parsed while they are
   * unchanged; the memory store freezes them): only for views whose readers never change what a
   * query returns. `load`, which projections update rows from, always returns the caller's own row.
   */
  sharedRows?: boolean;
}

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
export interface Condition {
  column: string;
  op: Comparison | 'in' | 'is_null' | 'not_null';
  value?: ColumnValue | ColumnValue[];
}

export interface ViewQuery {
  where?: Condition[];
  orderBy?: Array<{ column: string; direction: 'asc' | 'desc' }>;
  limit?: number;
  offset?: number;
}

/** A value now, or a promise of it when it has to be waited for. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Go on with a value that may have to be waited for: at once when it is there (no promise, no
 * microtask), else once it resolves.
 */
export const andThen = <T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> =>
  value instanceof Promise ? value.then(next) : next(value);

/**
 * Rows read and written while one batch of events is projected; written in one transaction. A row
 * `get` returns belongs to the session: a projection may update it in place and `put` it back (a
 * long-lived row that is replaced by a new object per event turns into old-generation garbage).
 */
export interface ViewSession {
  /**
   * The row at `key`: the row itself when the session holds it (or knows there is none), a promise
   * only when it has to be read from the store. Callers may `await` either; the hot paths don't, so
   * that a cached row costs no promise and no microtask.
   */
  get<Row>(view: ViewDefinition<Row>, key: string): MaybePromise<Row | undefined>;
  put<Row>(view: ViewDefinition<Row>, key: string, row: Row): void;
  delete(view: ViewDefinition, key: string): void;
}

/** A projection turns events into rows of its views. It must be deterministic: rebuilds give the same rows. */
export interface Projection {
  name: string;
  /**
   * Bump when the rows a projection writes change shape or meaning: views built by another version
   * (or before versions were recorded) are dropped and rebuilt from the log when the projector starts.
   */
  version?: number;
  /**
   * What rebuilding this projection costs relative to the others (default 1): parallel rebuilds
   * share the projections out so that each thread gets about the same total.
   */
  rebuildWeight?: number;
  views: ViewDefinition[];
  /** A promise only when the event had to wait for a row (see `ViewSession.get`); the caller awaits it. */
  apply(event: StoredEvent, session: ViewSession): MaybePromise<void>;
}

export interface ViewChange {
  view: ViewDefinition;
  key: string;
  row: unknown | null;
}

export interface ProjectionCommit {
  projection: string;
  changes: ViewChange[];
  position: number;
}

/** Where views and projection checkpoints live. Rows and checkpoint commit together or not at all. */
export interface ViewStore {
  ensureViews(views: ViewDefinition[]): Promise<void>;
  checkpoint(projection: string): Promise<number>;
  load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined>;
  commit(projection: string, changes: ViewChange[], position: number): Promise<void>;
  /** Several projections' commits in one transaction (optional: else they commit one by one). */
  commitMany?(commits: ProjectionCommit[]): Promise<void>;
  query<Row>(view: ViewDefinition<Row>, query?: ViewQuery): Promise<Row[]>;
  count(view: ViewDefinition, where?: Condition[]): Promise<number>;
  /** Forget a projection's rows and checkpoint so it rebuilds from zero. */
  reset(projection: string, views: ViewDefinition[]): Promise<void>;
  /**
   * Optional, for a bulk load into empty views: leave their secondary indexes off until the next
   * `ensureViews` of the same views, which builds them in one pass.
   */
  deferIndexes?(views: ViewDefinition[]): Promise<void>;
}

/**
 * The checkpoint of a projection whose rows are being rebuilt from zero and are not complete: its
 * rows were written ahead of any checkpoint, so they cannot be replayed onto. The projector resets
 * such a projection and rebuilds it again; only the final commit of a rebuild writes a real position.
 */
export const REBUILDING = -1;

export const VIEW_STORE = Symbol('VIEW_STORE');


export const assertSafeName = (name: string): string => {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe view or column name: ${name}`);
  return name;
};
