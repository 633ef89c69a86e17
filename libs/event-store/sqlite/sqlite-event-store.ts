import type { Statement } from 'better-sqlite3';
import {
  DuplicateIdempotencyKey,
  WrongExpectedVersion,
  versionMatches,
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { epochMsOf } from '../iso-instant';
import { AppendNotifier, pollingSubscription } from '../polling-subscription';
import { migrateSqlite, type SqliteDb } from './sqlite-database';

const MIGRATIONS = [
  `CREATE TABLE events (
     global_position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     stream_version INTEGER NOT NULL,
     event_id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     metadata TEXT NOT NULL,
     recorded_at INTEGER NOT NULL,
     idempotency_key TEXT UNIQUE,
     UNIQUE (stream_id, stream_version));
   CREATE INDEX events_type ON events (type, global_position);`,
  // No unique index on event_id: nothing looks events up by id, and ids are UUIDv7 made unique by
  // construction (event-id.ts). The index was the costliest one to maintain. SQLite cannot drop a
  // UNIQUE constraint in place, so the table is rebuilt, positions and AUTOINCREMENT sequence kept.
  `CREATE TABLE events_v2 (
     global_position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     stream_version INTEGER NOT NULL,
     event_id TEXT NOT NULL,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     metadata TEXT NOT NULL,
     recorded_at INTEGER NOT NULL,
     idempotency_key TEXT UNIQUE,
     UNIQUE (stream_id, stream_version));
   INSERT INTO events_v2 (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
     SELECT global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key
     FROM events ORDER BY global_position;
   DELETE FROM sqlite_sequence WHERE name = 'events_v2';
   INSERT INTO sqlite_sequence (name, seq) SELECT 'events_v2', seq FROM sqlite_sequence WHERE name = 'events';
   DROP TABLE events;
   ALTER TABLE events_v2 RENAME TO events;
   CREATE INDEX events_type ON events (type, global_position);`,
];

/** A log row as read in raw mode: global_position, stream_id, stream_version, type, data, metadata. */
type EventRow = [number, string, number, string, string, string];

const toStored = (row: EventRow): StoredEvent => ({
  streamId: row[1],
  streamVersion: row[2],
  globalPosition: row[0],
  type: row[3],
  data: JSON.parse(row[4]),
  metadata: JSON.parse(row[5]),
});

const COLUMNS = 'global_position, stream_id, stream_version, type, data, metadata';

/** An append waiting for the next group commit. */
interface PendingAppend {
  write: () => AppendResult[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/** A UNIQUE violation on the idempotency key column (the key's event is already stored). */
const isDuplicateKey = (error: unknown): boolean =>
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && (error as Error).message.includes('events.idempotency_key');

/** The embedded event store: one SQLite file in WAL mode, appends serialised by SQLite itself. */
export class SqliteEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly versionOf: Statement<[string], number | null>;
  private readonly insert: Statement;
  private readonly byKey: Statement<[string], EventRow>;
  private readonly byKeys: Statement<[string], [...EventRow, string]>;
  private readonly streamRows: Statement<[string, number, number], EventRow>;
  private readonly head: Statement<[], number | null>;
  /** readAll statements by SQL text (one per combination of filters used). */
  private readonly logQueries = new Map<string, Statement<unknown[], EventRow>>();
  private readonly appendTransaction: (streamId: string, events: NewEvent[], expected: ExpectedVersion) => AppendResult;
  private readonly soloTransaction: (append: PendingAppend) => AppendResult[];
  private readonly groupTransaction: (group: PendingAppend[]) => Array<{ results?: AppendResult[]; error?: unknown }>;
  private pending: PendingAppend[] = [];

  constructor(private readonly db: SqliteDb) {
    migrateSqlite(db, 'event-store', MIGRATIONS);
    this.versionOf = db.prepare<[string], number | null>('SELECT MAX(stream_version) FROM events WHERE stream_id = ?').pluck();
    this.insert = db.prepare(
      `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byKey = db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE idempotency_key = ?`).raw();
    // The keys as one JSON array parameter: one prepared statement for any number of keys.
    this.byKeys = db
      .prepare<[string], [...EventRow, string]>(
        `SELECT ${COLUMNS}, idempotency_key FROM events WHERE idempotency_key IN (SELECT value FROM json_each(?))`,
      )
      .raw();
    this.streamRows = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? AND recorded_at <= ? ORDER BY stream_version`,
      )
      .raw();
    this.head = db.prepare<[], number | null>('SELECT MAX(global_position) FROM events').pluck();
    // Built once: better-sqlite3 wraps the function per call otherwise. Nested in an outer transaction, it becomes a savepoint.
    const append = db.transaction((streamId: string, events: NewEvent[], expected: ExpectedVersion) => this.write(streamId, events, expected));
    this.appendTransaction = (streamId, events, expected) => append.immediate(streamId, events, expected);
    // Each member of a group runs in a savepoint of the group's transaction: it succeeds or fails alone.
    const member = db.transaction((append: PendingAppend) => append.write());
    this.soloTransaction = (append) => member.immediate(append);
    const group = db.transaction((appends: PendingAppend[]) =>
      appends.map((append) => {
        try {
          return { results: member(append) };
        } catch (error) {
          // An error that ended the whole transaction (disk full, I/O) leaves nothing of the group stored.
          if (!db.inTransaction) throw error;
          return { error };
        }
      }),
    );
    this.groupTransaction = (appends) => group.immediate(appends);
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    const [result] = await this.enqueue(() => [this.write(streamId, events, expectedVersion)]);
    return result;
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.enqueue(() => appends.map((a) => this.write(a.streamId, a.events, a.expectedVersion)));
  }

  /**
   * Group commit: appends requested during one turn of the event loop (e.g. by concurrent HTTP
   * requests) are written in one transaction, each in its own savepoint, and share one sync of the
   * WAL. Every caller still gets its own result or error, and only once the group is durable.
   */
  private enqueue(write: () => AppendResult[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ write, resolve, reject });
    });
  }

  private flush(): void {
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    let outcomes: Array<{ results?: AppendResult[]; error?: unknown }>;
    try {
      outcomes = group.length === 1 ? [{ results: this.soloTransaction(group[0]) }] : this.groupTransaction(group);
    } catch (error) {
      // A lone append's own failure, or the group's BEGIN/COMMIT failing: nothing of it is stored.
      for (const append of group) append.reject(error);
      return;
    }
    if (outcomes.some((o) => o.results?.some((r) => r.events.length > 0))) this.notifier.notify();
    outcomes.forEach((outcome, i) => (outcome.results ? group[i].resolve(outcome.results) : group[i].reject(outcome.error)));
  }

  /** Synchronous append; nested in an outer transaction it becomes a savepoint. */
  appendNow(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): AppendResult {
    return this.appendTransaction(streamId, events, expectedVersion);
  }

  /**
   * One stream's events, inside a transaction. A known idempotency key is caught by the column's
   * UNIQUE index rather than looked up first: one statement per event instead of two.
   */
  private write(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): AppendResult {
    const actual = this.versionOf.get(streamId) ?? -1;
    if (!versionMatches(expectedVersion, actual)) throw new WrongExpectedVersion(streamId, expectedVersion, actual);
    const stored: StoredEvent[] = new Array<StoredEvent>(events.length);
    let version = actual;
    let position = 0;
    let recordedText = '';
    let recordedAt = 0;
    for (let i = 0; i < events.length; i++) {
      const { type, data, metadata, idempotencyKey } = events[i];
      // Events of one command share their record time: parse it once.
      if (metadata.recordedAt !== recordedText) {
        recordedText = metadata.recordedAt;
        recordedAt = epochMsOf(recordedText);
      }
      version += 1;
      try {
        position = Number(
          this.insert.run(streamId, version, metadata.eventId, type, JSON.stringify(data), JSON.stringify(metadata), recordedAt, idempotencyKey ?? null)
            .lastInsertRowid,
        );
      } catch (error) {
        if (idempotencyKey !== undefined && isDuplicateKey(error)) throw new DuplicateIdempotencyKey(idempotencyKey);
        throw error;
      }
      stored[i] = { streamId, streamVersion: version, globalPosition: position, type, data, metadata };
    }
    return { nextExpectedVersion: version, lastGlobalPosition: position, events: stored };
  }

  async readStream(streamId: string, options: { fromVersion?: number; recordedUpTo?: number } = {}) {
    return this.streamRows
      .all(streamId, options.fromVersion ?? 0, options.recordedUpTo ?? Number.MAX_SAFE_INTEGER)
      .map(toStored);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const where = ['global_position > ?'];
    const params: unknown[] = [options.after ?? 0];
    if (options.recordedUpTo !== undefined) {
      where.push('recorded_at <= ?');
      params.push(options.recordedUpTo);
    }
    if (options.streamPrefix) {
      where.push('stream_id >= ? AND stream_id < ?');
      params.push(options.streamPrefix, `${options.streamPrefix}\uffff`);
    }
    if (options.types && options.types.length > 0) {
      where.push(`type IN (${options.types.map(() => '?').join(', ')})`);
      params.push(...options.types);
    }
    params.push(options.limit ?? 1000);
    const sql = `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY global_position LIMIT ?`;
    let statement = this.logQueries.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], EventRow>(sql).raw();
      this.logQueries.set(sql, statement);
    }
    return statement.all(...params).map(toStored);
  }

  async findByIdempotencyKey(key: string): Promise<StoredEvent | null> {
    const row = this.byKey.get(key);
    return row ? toStored(row) : null;
  }

  async findByIdempotencyKeys(keys: readonly string[]): Promise<Map<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    if (keys.length === 0) return found;
    for (const row of this.byKeys.all(JSON.stringify(keys))) found.set(row[6], toStored(row as unknown as EventRow));
    return found;
  }

  async headPosition(): Promise<number> {
    return this.head.get() ?? 0;
  }

  subscribe(handler: EventHandler, options: SubscribeOptions): Subscription {
    return pollingSubscription(
      (after, limit) => this.readAll({ after, limit }),
      this.notifier,
      handler,
      options,
    );
  }

  async close(): Promise<void> {
    this.flush();
    this.notifier.notify();
  }
}
