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
];

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  type: string;
  data: string;
  metadata: string;
}

const toStored = (row: EventRow): StoredEvent => ({
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.global_position,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
});

const COLUMNS = 'global_position, stream_id, stream_version, type, data, metadata';

/** The embedded event store: one SQLite file in WAL mode, appends serialised by SQLite itself. */
export class SqliteEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly versionOf: Statement<[string], { v: number | null }>;
  private readonly keyExists: Statement<[string], { k: number }>;
  private readonly insert: Statement;
  private readonly byKey: Statement<[string], EventRow>;

  constructor(private readonly db: SqliteDb) {
    migrateSqlite(db, 'event-store', MIGRATIONS);
    this.versionOf = db.prepare('SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?');
    this.keyExists = db.prepare('SELECT 1 AS k FROM events WHERE idempotency_key = ?');
    this.insert = db.prepare(
      `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byKey = db.prepare(`SELECT ${COLUMNS} FROM events WHERE idempotency_key = ?`);
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    const result = this.appendNow(streamId, events, expectedVersion);
    if (events.length > 0) this.notifier.notify();
    return result;
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const results = this.db
      .transaction(() => appends.map((a) => this.appendNow(a.streamId, a.events, a.expectedVersion)))
      .immediate();
    if (appends.some((a) => a.events.length > 0)) this.notifier.notify();
    return results;
  }

  /** Synchronous append; nested in an outer transaction it becomes a savepoint. */
  appendNow(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): AppendResult {
    return this.db
      .transaction((): AppendResult => {
        const actual = this.versionOf.get(streamId)?.v ?? -1;
        if (!versionMatches(expectedVersion, actual)) throw new WrongExpectedVersion(streamId, expectedVersion, actual);
        const stored: StoredEvent[] = [];
        let version = actual;
        let position = 0;
        for (const event of events) {
          if (event.idempotencyKey !== undefined && this.keyExists.get(event.idempotencyKey)) {
            throw new DuplicateIdempotencyKey(event.idempotencyKey);
          }
          version += 1;
          const info = this.insert.run(
            streamId,
            version,
            event.metadata.eventId,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            Date.parse(event.metadata.recordedAt),
            event.idempotencyKey ?? null,
          );
          position = Number(info.lastInsertRowid);
          stored.push({ streamId, streamVersion: version, globalPosition: position, ...event });
        }
        return { nextExpectedVersion: version, lastGlobalPosition: position, events: stored.map(stripKey) };
      })
      .immediate();
  }

  async readStream(streamId: string, options: { fromVersion?: number; recordedUpTo?: number } = {}) {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? AND recorded_at <= ?
         ORDER BY stream_version`,
      )
      .all(streamId, options.fromVersion ?? 0, options.recordedUpTo ?? Number.MAX_SAFE_INTEGER) as EventRow[];
    return rows.map(toStored);
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
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY global_position LIMIT ?`)
      .all(...params) as EventRow[];
    return rows.map(toStored);
  }

  async findByIdempotencyKey(key: string): Promise<StoredEvent | null> {
    const row = this.byKey.get(key);
    return row ? toStored(row) : null;
  }

  async headPosition(): Promise<number> {
    const row = this.db.prepare('SELECT MAX(global_position) AS p FROM events').get() as { p: number | null };
    return row.p ?? 0;
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
    this.notifier.notify();
  }
}

const stripKey = (event: StoredEvent & { idempotencyKey?: string }): StoredEvent => {
  const { idempotencyKey: _ignored, ...rest } = event;
  return rest;
};
