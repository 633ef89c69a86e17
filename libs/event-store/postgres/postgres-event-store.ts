import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
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
import {
  advisoryKey,
  migratePostgres,
  poolOf,
  quoteIdent,
  rollbackAndRelease,
  type PostgresTarget,
} from './postgres-migrations';

const MIGRATIONS = [
  // Positions are assigned under the append lock as head + 1, so they are gap-free as well as ordered.
  (s: string) => `CREATE TABLE ${s}.events (
     global_position BIGINT PRIMARY KEY,
     stream_id TEXT COLLATE "C" NOT NULL,
     stream_version INTEGER NOT NULL,
     event_id TEXT NOT NULL,
     type TEXT NOT NULL,
     data JSON NOT NULL,
     metadata JSON NOT NULL,
     recorded_at BIGINT NOT NULL,
     idempotency_key TEXT,
     CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
     CONSTRAINT events_event_id_unique UNIQUE (event_id),
     CONSTRAINT events_idempotency_key_unique UNIQUE (idempotency_key));
   CREATE INDEX events_type ON ${s}.events (type, global_position);`,
];

const COLUMNS = 'global_position, stream_id, stream_version, type, data, metadata';

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
}

const toStored = (row: EventRow): StoredEvent => ({
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: Number(row.global_position),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
});

/** Under the append lock: the head position, the streams' versions and which keys are taken. */
const stateSql = (events: string): string =>
  `SELECT (SELECT COALESCE(MAX(global_position), 0) FROM ${events}) AS head,
     (SELECT json_object_agg(s.id, COALESCE((SELECT MAX(stream_version) FROM ${events} WHERE stream_id = s.id), -1))
      FROM unnest($1::text[]) AS s(id)) AS versions,
     ARRAY(SELECT idempotency_key FROM ${events} WHERE idempotency_key = ANY($2::text[])) AS taken`;

/** One multi-row INSERT for every event of an append (or of several, with appendMany). */
const insertSql = (events: string): string =>
  `INSERT INTO ${events}
     (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
   SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::json[], $7::json[],
     $8::bigint[], $9::text[])`;

const insertValues = (stored: StoredEvent[], appends: StreamAppend[]): unknown[] => {
  const events = appends.flatMap((a) => a.events);
  return [
    stored.map((e) => e.globalPosition),
    stored.map((e) => e.streamId),
    stored.map((e) => e.streamVersion),
    events.map((e) => e.metadata.eventId),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
    events.map((e) => Date.parse(e.metadata.recordedAt)),
    events.map((e) => e.idempotencyKey ?? null),
  ];
};

/**
 * Check and number a batch of appends in order, as if applied one by one: each append sees the
 * versions and idempotency keys of those before it. Throws the port's typed errors.
 */
const plan = (
  appends: StreamAppend[],
  head: number,
  versions: Map<string, number>,
  taken: Set<string>,
): AppendResult[] => {
  let position = head;
  return appends.map(({ streamId, events, expectedVersion }): AppendResult => {
    const actual = versions.get(streamId) ?? -1;
    if (!versionMatches(expectedVersion, actual))
      throw new WrongExpectedVersion(streamId, expectedVersion, actual);
    const stored = events.map((event, i): StoredEvent => {
      const key = event.idempotencyKey;
      if (key !== undefined && taken.has(key)) throw new DuplicateIdempotencyKey(key);
      if (key !== undefined) taken.add(key);
      position += 1;
      const { type, data, metadata } = event;
      return { streamId, streamVersion: actual + 1 + i, globalPosition: position, type, data, metadata };
    });
    versions.set(streamId, actual + events.length);
    return {
      nextExpectedVersion: actual + events.length,
      lastGlobalPosition: stored.at(-1)?.globalPosition ?? 0,
      events: stored,
    };
  });
};

export interface PostgresEventStoreOptions extends PostgresTarget {
  /** NOTIFY other processes after each append and LISTEN while subscribed (default true). */
  notify?: boolean;
}

/**
 * The event store on PostgreSQL. Appends take one transaction-scoped advisory lock per schema,
 * assign positions as head + 1 under it and hold it until commit, so positions become visible
 * strictly in commit order and a reader can never pass over an event that commits later.
 */
export class PostgresEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly events: string;
  private readonly appendLock: string;
  private readonly channel: string;
  private ready?: Promise<void>;
  private listener?: Promise<PoolClient | undefined>;
  private closed = false;
  /** The hot path's statements, prepared once per connection (names are unique per schema). */
  private readonly statements: Record<'state' | 'insert', { name: string; text: string }>;

  constructor(
    private readonly pool: Pool,
    private readonly options: { schema?: string; notify?: boolean; ownsPool?: boolean } = {},
  ) {
    const schema = options.schema ?? 'public';
    this.events = `${quoteIdent(schema)}.events`;
    this.appendLock = advisoryKey('append', schema);
    this.channel = `tenfold_events_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
    this.statements = {
      state: { name: `${this.channel}_state`, text: stateSql(this.events) },
      insert: { name: `${this.channel}_insert`, text: insertSql(this.events) },
    };
  }

  /** Create or upgrade the tables (idempotent, safe across concurrent starters). */
  init(): Promise<void> {
    this.ready ??= migratePostgres(this.pool, this.options.schema ?? 'public', 'event-store', MIGRATIONS);
    return this.ready;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedVersion }]);
    return result;
  }

  /** Append to several streams in one transaction under the append lock: all or nothing. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    await this.init();
    if (appends.length === 0) return [];
    const streamIds = [...new Set(appends.map((a) => a.streamId))];
    const keys = appends.flatMap((a) =>
      a.events.flatMap((e) => (e.idempotencyKey === undefined ? [] : [e.idempotencyKey])),
    );
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${this.appendLock})`);
      const { rows } = await client.query<{
        head: string;
        versions: Record<string, number>;
        taken: string[];
      }>({
        ...this.statements.state,
        values: [streamIds, keys],
      });
      const { head, versions, taken } = rows[0];
      const planned = plan(appends, Number(head), new Map(Object.entries(versions)), new Set(taken));
      const stored = planned.flatMap((r) => r.events);
      if (stored.length > 0)
        await client.query({ ...this.statements.insert, values: insertValues(stored, appends) });
      const last = stored.at(-1)?.globalPosition ?? 0;
      const notify = stored.length > 0 && this.options.notify !== false;
      await client.query(notify ? `SELECT pg_notify('${this.channel}', '${last}'); COMMIT` : 'COMMIT');
      client.release();
      if (stored.length > 0) this.notifier.notify();
      return planned;
    } catch (error) {
      await rollbackAndRelease(client);
      throw await this.translate(error, appends, keys);
    }
  }

  /** Unique violations (only a writer bypassing the lock can cause them) become the port's typed errors. */
  private async translate(error: unknown, appends: StreamAppend[], keys: string[]): Promise<unknown> {
    const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
    if (code !== '23505') return error;
    if (constraint === 'events_idempotency_key_unique') {
      return new DuplicateIdempotencyKey(
        /\(idempotency_key\)=\((.*)\) already exists/.exec(detail ?? '')?.[1] ?? keys[0],
      );
    }
    if (constraint !== 'events_stream_version_unique' && constraint !== 'events_pkey') return error;
    for (const { streamId, expectedVersion } of appends) {
      const actual = (await this.readStream(streamId)).at(-1)?.streamVersion ?? -1;
      if (!versionMatches(expectedVersion, actual))
        return new WrongExpectedVersion(streamId, expectedVersion, actual);
    }
    const [first] = appends;
    return new WrongExpectedVersion(first.streamId, first.expectedVersion, -1);
  }

  async readStream(streamId: string, options: { fromVersion?: number; recordedUpTo?: number } = {}) {
    await this.init();
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.events}
       WHERE stream_id = $1 AND stream_version >= $2 AND recorded_at <= $3 ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 0, options.recordedUpTo ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toStored);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    await this.init();
    const params: unknown[] = [options.after ?? 0];
    const where = ['global_position > $1'];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (options.recordedUpTo !== undefined) add((p) => `recorded_at <= ${p}`, options.recordedUpTo);
    if (options.streamPrefix) add((p) => `starts_with(stream_id, ${p})`, options.streamPrefix);
    if (options.types && options.types.length > 0) add((p) => `type = ANY(${p}::text[])`, options.types);
    params.push(options.limit ?? 1000);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.events} WHERE ${where.join(' AND ')}
       ORDER BY global_position LIMIT $${params.length}`,
      params,
    );
    return rows.map(toStored);
  }

  async findByIdempotencyKey(key: string): Promise<StoredEvent | null> {
    await this.init();
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.events} WHERE idempotency_key = $1`,
      [key],
    );
    return rows.length > 0 ? toStored(rows[0]) : null;
  }

  async headPosition(): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query<{ p: string }>(
      `SELECT COALESCE(MAX(global_position), 0) AS p FROM ${this.events}`,
    );
    return Number(rows[0].p);
  }

  subscribe(handler: EventHandler, options: SubscribeOptions): Subscription {
    if (this.options.notify !== false) this.listen();
    return pollingSubscription(
      (after, limit) => this.readAll({ after, limit }),
      this.notifier,
      handler,
      options,
    );
  }

  /** LISTEN on one pooled client so appends by other processes wake subscribers; polling covers any loss. */
  private listen(): void {
    if (this.listener || this.closed) return;
    let dropped = false;
    const drop = (client: PoolClient, error: Error): void => {
      if (dropped) return;
      dropped = true;
      client.release(error);
      this.listener = undefined;
      // Meanwhile subscriptions keep polling; try again a little later.
      if (!this.closed) setTimeout(() => this.listen(), 1000).unref();
    };
    this.listener = (async () => {
      const client = await this.pool.connect();
      client.on('error', (error) => drop(client, error));
      client.on('notification', (message) => {
        if (message.channel === this.channel) this.notifier.notify();
      });
      try {
        await client.query(`LISTEN ${this.channel}`);
      } catch (error) {
        drop(client, error instanceof Error ? error : new Error(String(error)));
        return undefined;
      }
      return client;
    })().catch(() => {
      this.listener = undefined;
      if (!this.closed) setTimeout(() => this.listen(), 1000).unref();
      return undefined;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = await this.listener;
    this.listener = undefined;
    client?.removeAllListeners('error');
    client?.on('error', () => undefined);
    client?.release(true);
    this.notifier.notify();
    if (this.options.ownsPool) await this.pool.end();
  }
}

/** Open (migrating as needed) a PostgreSQL event store over a given pool or a connection string. */
export const openPostgresEventStore = async (
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> => {
  const { pool, owned } = poolOf(options);
  const store = new PostgresEventStore(pool, {
    schema: options.schema,
    notify: options.notify,
    ownsPool: owned,
  });
  try {
    await store.init();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
};
