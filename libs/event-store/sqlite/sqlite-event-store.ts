import type { Statement } from 'better-sqlite3';
import {
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
import {
  groupWriter,
  type AppendRow,
  type GroupWriter,
  type MemberOutcome,
  type MemberWrite,
  type StreamWrite,
  type StreamWritten,
} from './sqlite-group-writer';

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

/** An append waiting for the next group commit, its rows already serialised. */
interface PendingAppend {
  appends: StreamAppend[];
  writes: MemberWrite;
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/** Where group commits run instead of the store's own connection: a writer thread (`WriterThread`). */
export interface GroupCommitter {
  write(group: MemberWrite[]): Promise<MemberOutcome[]>;
  close(): Promise<void>;
}

export interface SqliteEventStoreOptions {
  /** Commit appends there (made once the migrations ran); reads stay on this connection. */
  committer?: () => GroupCommitter;
}

/** One stream's events as the writer inserts them. Events of one command share their record time: parsed once. */
const toStreamWrite = ({ streamId, events, expectedVersion }: StreamAppend): StreamWrite => {
  const rows = new Array<AppendRow>(events.length);
  let recordedText = '';
  let recordedAt = 0;
  for (let i = 0; i < events.length; i++) {
    const { type, data, metadata, idempotencyKey } = events[i];
    if (metadata.recordedAt !== recordedText) {
      recordedText = metadata.recordedAt;
      recordedAt = epochMsOf(recordedText);
    }
    rows[i] = [metadata.eventId, type, JSON.stringify(data), JSON.stringify(metadata), recordedAt, idempotencyKey ?? null];
  }
  return { streamId, expectedVersion, rows };
};

/** The caller's events with the versions and positions the writer gave them. */
const toResult = ({ streamId, events }: StreamAppend, { from, positions }: StreamWritten): AppendResult => {
  const stored = new Array<StoredEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const { type, data, metadata } = events[i];
    stored[i] = { streamId, streamVersion: from + 1 + i, globalPosition: positions[i], type, data, metadata };
  }
  return {
    nextExpectedVersion: from + events.length,
    lastGlobalPosition: events.length > 0 ? positions[events.length - 1] : 0,
    events: stored,
  };
};

/** The embedded event store: one SQLite file in WAL mode, appends serialised by SQLite itself. */
export class SqliteEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly byKey: Statement<[string], EventRow>;
  private readonly byKeys: Statement<[string], [...EventRow, string]>;
  private readonly streamRows: Statement<[string, number, number], EventRow>;
  private readonly head: Statement<[], number | null>;
  /** readAll statements by SQL text (one per combination of filters used). */
  private readonly logQueries = new Map<string, Statement<unknown[], EventRow>>();
  private readonly writeHere: GroupWriter;
  private readonly committer?: GroupCommitter;
  private pending: PendingAppend[] = [];
  /** Groups sent to the committer and not answered yet. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: SqliteDb,
    options: SqliteEventStoreOptions = {},
  ) {
    migrateSqlite(db, 'event-store', MIGRATIONS);
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
    this.writeHere = groupWriter(db);
    this.committer = options.committer?.();
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    const [result] = await this.enqueue([{ streamId, events, expectedVersion }]);
    return result;
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.enqueue(appends);
  }

  /**
   * Group commit: appends requested during one turn of the event loop (e.g. by concurrent HTTP
   * requests), or while the committer writes an earlier group, are written in one transaction,
   * each in its own savepoint, and share one sync of the WAL. Every caller still gets its own
   * result or error, and only once the group is durable.
   */
  private enqueue(appends: StreamAppend[]): Promise<AppendResult[]> {
    const writes = appends.map(toStreamWrite);
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ appends, writes, resolve, reject });
    });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    const writes = group.map((append) => append.writes);
    if (!this.committer) return this.settle(group, this.writeHere(writes));
    // Sent at once: the committer writes groups in the order sent, merging those that queued up.
    const sent: Promise<void> = this.committer
      .write(writes)
      .then(
        (outcomes) => this.settle(group, outcomes),
        (error: unknown) => {
          // Unknown outcome (the writer died): every member fails, none is retried.
          for (const append of group) append.reject(error);
        },
      )
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  private settle(group: PendingAppend[], outcomes: MemberOutcome[]): void {
    let stored = false;
    const results = outcomes.map((outcome, i) => {
      if (!('written' in outcome)) return undefined;
      return group[i].appends.map((append, j) => {
        const result = toResult(append, outcome.written[j]);
        if (result.events.length > 0) stored = true;
        return result;
      });
    });
    if (stored) this.notifier.notify();
    outcomes.forEach((outcome, i) => {
      const result = results[i];
      if (result) group[i].resolve(result);
      else group[i].reject((outcome as { error: unknown }).error);
    });
  }

  /** Synchronous append on this connection; nested in an outer transaction it becomes a savepoint. */
  appendNow(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): AppendResult {
    const append = { streamId, events, expectedVersion };
    const [outcome] = this.writeHere([[toStreamWrite(append)]]);
    if ('error' in outcome) throw outcome.error;
    return toResult(append, outcome.written[0]);
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

  /** Write what is queued, wait for the group in flight, stop the committer. */
  async close(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    await this.committer?.close();
    this.notifier.notify();
  }
}
