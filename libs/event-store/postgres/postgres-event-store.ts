import { createHash } from 'node:crypto';
import { Client, DatabaseError, type Pool } from 'pg';
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
import {
  advisoryKey,
  migratePostgres,
  openMigrated,
  quoteIdent,
  type PostgresTarget,
} from './postgres-migrations';

/** The numbered migrations of the event store (exported for the upgrade test). */
export const MIGRATIONS = [
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
  // The whole append in one round trip: the lock is then held for the server's work and the commit only.
  (s: string) => `CREATE FUNCTION ${s}.append_events(
     lock_key BIGINT, channel TEXT, streams TEXT[], expected TEXT[], counts INT[],
     event_ids TEXT[], types TEXT[], data JSON[], metadata JSON[], recorded_at BIGINT[], keys TEXT[])
   RETURNS TABLE (head BIGINT, versions INT[]) LANGUAGE plpgsql AS $fn$
   DECLARE
     start BIGINT;
     actuals INT[] := '{}';
     actual INT;
     done INT := 0;
   BEGIN
     -- Under READ COMMITTED each statement below takes a fresh snapshot, after the lock (held until commit).
     IF current_setting('transaction_isolation') <> 'read committed' THEN
       RAISE EXCEPTION 'append_events needs READ COMMITTED, not %', current_setting('transaction_isolation');
     END IF;
     PERFORM pg_advisory_xact_lock(lock_key);
     SELECT COALESCE(MAX(e.global_position), 0) INTO start FROM ${s}.events e;
     FOR i IN 1 .. COALESCE(array_length(streams, 1), 0) LOOP
       SELECT COALESCE(MAX(e.stream_version), -1) INTO actual FROM ${s}.events e WHERE e.stream_id = streams[i];
       IF NOT (expected[i] = 'any' OR expected[i] = actual::text
               OR (expected[i] = 'no_stream' AND actual = -1) OR (expected[i] = 'stream_exists' AND actual >= 0)) THEN
         RAISE EXCEPTION USING ERRCODE = 'TF001', MESSAGE = 'wrong expected version',
           DETAIL = json_build_object('index', i - 1, 'actual', actual)::text;
       END IF;
       actuals := actuals || actual;
       INSERT INTO ${s}.events
         (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
       SELECT start + done + n, streams[i], actual + n, event_ids[done + n], types[done + n], data[done + n],
              metadata[done + n], recorded_at[done + n], keys[done + n]
       FROM generate_series(1, counts[i]) AS n;
       done := done + counts[i];
     END LOOP;
     IF done > 0 AND channel IS NOT NULL THEN
       PERFORM pg_notify(channel, (start + done)::text);
     END IF;
     RETURN QUERY SELECT start, actuals;
   END $fn$;`,
  // Nothing looks events up by id, and ids are UUIDv7, unique by construction (event-id.ts): the
  // unique index on event_id was the costliest to maintain (and, with random ids, to log in full pages).
  // The append as one set-based statement per step, its events passed as JSON documents instead
  // of per-column arrays: array literals cost an escape pass in the client and an unescape pass
  // in the server, and subscripting arrays of variable-length values walks them from the start
  // (O(n²) per append). `events` is a JSON array of {j: append index (1-based), o: offset in that
  // append (1-based), s: stream, i: event id, t: type, r: recorded at, k: idempotency key};
  // `data` and `metadata` are JSON arrays in the same order, read with json_array_elements, which
  // keeps each value's text exactly (json_to_recordset would unescape it, and fail on \u0000).
  // A stream may appear in several appends of one call: each later one counts the earlier ones.
  (s: string) => `ALTER TABLE ${s}.events DROP CONSTRAINT events_event_id_unique;
   CREATE FUNCTION ${s}.append_events_json(
     lock_key BIGINT, channel TEXT, streams TEXT[], expected TEXT[], counts INT[],
     events JSON, data JSON, metadata JSON)
   RETURNS TABLE (head BIGINT, versions INT[]) LANGUAGE plpgsql AS $fn$
   DECLARE
     start BIGINT;
     actuals INT[];
     bad INT;
     total INT;
   BEGIN
     -- Under READ COMMITTED each statement below takes a fresh snapshot, after the lock (held until commit).
     IF current_setting('transaction_isolation') <> 'read committed' THEN
       RAISE EXCEPTION 'append_events needs READ COMMITTED, not %', current_setting('transaction_isolation');
     END IF;
     PERFORM pg_advisory_xact_lock(lock_key);
     SELECT COALESCE(MAX(e.global_position), 0) INTO start FROM ${s}.events e;
     SELECT COALESCE(array_agg(v.actual ORDER BY v.i), '{}'),
            MIN(v.i) FILTER (WHERE NOT (v.x = 'any' OR v.x = v.actual::text OR (v.x = 'no_stream' AND v.actual = -1)
                                        OR (v.x = 'stream_exists' AND v.actual >= 0)))
       INTO actuals, bad
       FROM (SELECT a.i, a.x,
                    COALESCE((SELECT MAX(e.stream_version) FROM ${s}.events e WHERE e.stream_id = a.id), -1)
                    + COALESCE(SUM(a.c) OVER (PARTITION BY a.id ORDER BY a.i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                    AS actual
             FROM unnest(streams, expected, counts) WITH ORDINALITY AS a(id, x, c, i)) v;
     IF bad IS NOT NULL THEN
       RAISE EXCEPTION USING ERRCODE = 'TF001', MESSAGE = 'wrong expected version',
         DETAIL = json_build_object('index', bad - 1, 'actual', actuals[bad])::text;
     END IF;
     INSERT INTO ${s}.events
       (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
     SELECT start + x.n, x.s, actuals[x.j] + x.o, x.i, x.t, x.d, x.m, x.r, x.k
     FROM ROWS FROM (json_to_recordset(events) AS (j INT, o INT, s TEXT, i TEXT, t TEXT, r BIGINT, k TEXT),
                     json_array_elements(data), json_array_elements(metadata))
          WITH ORDINALITY AS x(j, o, s, i, t, r, k, d, m, n);
     GET DIAGNOSTICS total = ROW_COUNT;
     IF total > 0 AND channel IS NOT NULL THEN
       PERFORM pg_notify(channel, (start + total)::text);
     END IF;
     RETURN QUERY SELECT start, actuals;
   END $fn$;`,
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

/**
 * The arguments of `append_events_json`: per append its stream, expectation and size; the events
 * as three JSON documents (scalar columns, data, metadata), built by joining each value's own JSON
 * text, with no escaping pass over it.
 */
const appendArguments = (lockKey: string, channel: string | null, appends: StreamAppend[]): unknown[] => {
  let json = '[';
  let datas = '[';
  let metadatas = '[';
  appends.forEach(({ streamId, events }, j) => {
    const head = `{"j":${j + 1},"s":${JSON.stringify(streamId)},"o":`;
    events.forEach(({ type, data, metadata, idempotencyKey }, o) => {
      if (json.length > 1) {
        json += ',';
        datas += ',';
        metadatas += ',';
      }
      json += `${head}${o + 1},"i":${JSON.stringify(metadata.eventId)},"t":${JSON.stringify(type)},"r":${epochMsOf(metadata.recordedAt)},"k":${JSON.stringify(idempotencyKey ?? null)}}`;
      datas += JSON.stringify(data);
      metadatas += JSON.stringify(metadata);
    });
  });
  return [
    lockKey,
    channel,
    appends.map((a) => a.streamId),
    appends.map((a) => String(a.expectedVersion)),
    appends.map((a) => a.events.length),
    `${json}]`,
    `${datas}]`,
    `${metadatas}]`,
  ];
};

/** The results of appends the database accepted, from the head before them and each stream's prior version. */
const appendResults = (appends: StreamAppend[], head: number, actuals: number[]): AppendResult[] => {
  let position = head;
  return appends.map(({ streamId, events }, index): AppendResult => {
    const actual = actuals[index];
    const stored = events.map(({ type, data, metadata }, i): StoredEvent => ({
      streamId,
      streamVersion: actual + 1 + i,
      globalPosition: ++position,
      type,
      data,
      metadata,
    }));
    return {
      nextExpectedVersion: actual + events.length,
      lastGlobalPosition: stored.at(-1)?.globalPosition ?? 0,
      events: stored,
    };
  });
};

/** An appendMany call waiting for its group. */
interface PendingAppend {
  appends: StreamAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Whether a failed append certainly stored nothing: a refusal, or any statement-level error the
 * server reported (the implicit transaction was rolled back). A lost connection or a FATAL error
 * may have come after the commit, so it does not count.
 */
const nothingStored = (error: unknown): boolean =>
  error instanceof WrongExpectedVersion ||
  error instanceof DuplicateIdempotencyKey ||
  (error instanceof DatabaseError && error.severity === 'ERROR');

/** Which append of a call the database refused for its expected version (index into the call's appends). */
const refusedAppend = new WeakMap<object, number>();

/** The member of a group that holds the `index`-th append of the group's call. */
const memberOf = (members: PendingAppend[], index: number): PendingAppend => {
  let end = 0;
  for (const member of members) {
    end += member.appends.length;
    if (index < end) return member;
  }
  return members[members.length - 1];
};

/** Most events one group commit writes (a larger append still goes alone). */
const GROUP_MAX_EVENTS = 2000;

export interface PostgresEventStoreOptions extends PostgresTarget {
  /** NOTIFY other processes after each append and LISTEN while subscribed (default true). */
  notify?: boolean;
}

/**
 * The event store on PostgreSQL.
 *
 * Gap-free global order: every append takes one transaction-scoped advisory lock per schema,
 * reads the head under it, numbers its events head + 1… and keeps the lock until its commit.
 * PostgreSQL makes a commit visible before it releases the transaction's locks, so the next
 * appender can only number its events after the previous ones are visible: positions become
 * visible in position order, with no holes, and a reader's `position > after` never passes over
 * an event that is still to commit. Readers take no lock and see no unrelated transaction (unlike
 * the xmin-horizon approach, which stalls while any transaction in the cluster is open). The cost
 * is that appends are serialised per schema. To keep that cheap, an append is one round trip: the
 * `append_events_json` function locks, checks versions, inserts all the events with one INSERT
 * and notifies, so the lock is held only for the server's work and the commit.
 */
export class PostgresEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly events: string;
  private readonly appendLock: string;
  private readonly channel: string;
  private ready?: Promise<void>;
  private listener?: Promise<Client | undefined>;
  private closed = false;
  private readonly quotedSchema: string;
  private queue: PendingAppend[] = [];
  /** The running group commit, if any (close waits for it). */
  private flushing?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly options: { schema?: string; notify?: boolean; ownsPool?: boolean } = {},
  ) {
    const schema = options.schema ?? 'public';
    this.quotedSchema = quoteIdent(schema);
    this.events = `${this.quotedSchema}.events`;
    this.appendLock = advisoryKey('append', schema);
    this.channel = `tenfold_events_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
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
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      this.flushing ??= new Promise<void>((done) => setImmediate(() => void this.flush().then(done)));
    });
  }

  /**
   * Group commit: appends that arrive while the previous group is being written (or during the
   * same event-loop turn) are written together by one `append_events_json` call, one transaction and
   * one WAL flush. Appends are serialised by the append lock anyway, so this only saves round
   * trips and commits. If the group fails in a way that certainly stored nothing (a known
   * idempotency key or a bad value: the server rolled the group back), every member is written
   * again alone and gets its own result or error (version conflicts: see commitGroup). A failure whose outcome is
   * unknown (a lost connection: the commit may have happened) fails every member of the group, as
   * it would have failed a lone append: nothing is retried that might already be stored.
   */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitGroup(this.takeGroup());
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * A member refused for its expected version gets that refusal, and the others are tried again
   * together. No two members of a group touch one stream (takeGroup), so the version the database
   * saw is the stream's committed version under the append lock: what the member would have been
   * told alone at that moment.
   */
  private async commitGroup(group: PendingAppend[]): Promise<void> {
    let members = group;
    while (members.length > 1) {
      const appends = members.flatMap((p) => p.appends);
      let values: unknown[];
      try {
        values = this.argumentsOf(appends);
      } catch {
        break; // some member's events cannot be serialised: nothing was sent, each member goes alone
      }
      try {
        const results = await this.write(appends, values);
        let offset = 0;
        for (const member of members) {
          member.resolve(results.slice(offset, offset + member.appends.length));
          offset += member.appends.length;
        }
        members = [];
      } catch (error) {
        const refused = refusedAppend.get(error as object);
        if (refused !== undefined) {
          const owner = memberOf(members, refused);
          owner.reject(error);
          members = members.filter((m) => m !== owner);
          continue;
        }
        if (!nothingStored(error)) {
          for (const member of members) member.reject(error);
          members = [];
        }
        break;
      }
    }
    for (const member of members) await this.settle(member);
  }

  /**
   * The next group: queued appends in order, up to GROUP_MAX_EVENTS events (always at least one),
   * skipping any that touches a stream an earlier member touches. Two concurrent appends to one
   * stream can rarely both pass their expected version, and one refusal would cost the group a
   * retry; the skipped ones stay queued, in order, for the next group.
   */
  private takeGroup(): PendingAppend[] {
    const group: PendingAppend[] = [];
    const streams = new Set<string>();
    let events = 0;
    this.queue = this.queue.filter((member) => {
      if (
        group.length > 0 &&
        (events >= GROUP_MAX_EVENTS || member.appends.some((a) => streams.has(a.streamId)))
      )
        return true;
      const size = member.appends.reduce((sum, a) => sum + a.events.length, 0);
      if (group.length > 0 && events + size > GROUP_MAX_EVENTS) return true;
      group.push(member);
      events += size;
      for (const a of member.appends) streams.add(a.streamId);
      return false;
    });
    return group;
  }

  private async settle(member: PendingAppend): Promise<void> {
    try {
      member.resolve(await this.write(member.appends));
    } catch (error) {
      member.reject(error);
    }
  }

  private argumentsOf(appends: StreamAppend[]): unknown[] {
    return appendArguments(this.appendLock, this.options.notify === false ? null : this.channel, appends);
  }

  /** One `append_events_json` call: one round trip, one transaction. */
  private async write(appends: StreamAppend[], values = this.argumentsOf(appends)): Promise<AppendResult[]> {
    try {
      const { rows } = await this.pool.query<{ head: string; versions: number[] }>({
        name: `${this.channel}_append_json`,
        text: `SELECT head, versions FROM ${this.quotedSchema}.append_events_json($1, $2, $3, $4, $5, $6, $7, $8)`,
        values,
      });
      const results = appendResults(appends, Number(rows[0].head), rows[0].versions);
      if (appends.some((a) => a.events.length > 0)) this.notifier.notify();
      return results;
    } catch (error) {
      throw await this.translate(error, appends);
    }
  }

  /** Database refusals become the port's typed errors. */
  private async translate(error: unknown, appends: StreamAppend[]): Promise<unknown> {
    const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
    if (code === 'TF001') {
      const { index, actual } = JSON.parse(detail ?? '{}') as { index: number; actual: number };
      const refusal = new WrongExpectedVersion(
        appends[index].streamId,
        appends[index].expectedVersion,
        actual,
      );
      refusedAppend.set(refusal, index);
      return refusal;
    }
    if (code !== '23505') return error;
    if (constraint === 'events_idempotency_key_unique') {
      const key = /\(idempotency_key\)=\((.*)\) already exists/.exec(detail ?? '')?.[1];
      return new DuplicateIdempotencyKey(key ?? '?');
    }
    // Only a writer bypassing the append lock can collide on a version or a position.
    if (constraint !== 'events_stream_version_unique' && constraint !== 'events_pkey') return error;
    for (const { streamId, expectedVersion } of appends) {
      const actual = (await this.readStream(streamId)).at(-1)?.streamVersion ?? -1;
      if (!versionMatches(expectedVersion, actual))
        return new WrongExpectedVersion(streamId, expectedVersion, actual);
    }
    return new WrongExpectedVersion(appends[0].streamId, appends[0].expectedVersion, -1);
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

  async findByIdempotencyKeys(keys: readonly string[]): Promise<Map<string, StoredEvent>> {
    await this.init();
    const found = new Map<string, StoredEvent>();
    if (keys.length === 0) return found;
    const { rows } = await this.pool.query<EventRow & { idempotency_key: string }>(
      `SELECT ${COLUMNS}, idempotency_key FROM ${this.events} WHERE idempotency_key = ANY($1::text[])`,
      [keys],
    );
    for (const row of rows) found.set(row.idempotency_key, toStored(row));
    return found;
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

  /**
   * LISTEN on a connection of its own (never a pooled one, which a small pool could not spare) so
   * appends by other processes wake subscribers at once; polling covers any notification lost.
   */
  private listen(): void {
    if (this.listener || this.closed) return;
    const client = new Client(this.pool.options);
    let dropped = false;
    const drop = (): void => {
      if (dropped) return;
      dropped = true;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => this.listen(), 1000).unref();
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.notifier.notify();
    });
    this.listener = (async () => {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      return client;
    })().catch(() => {
      drop();
      return undefined;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    const client = await this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    this.notifier.notify();
    if (this.options.ownsPool) await this.pool.end();
  }
}

/** Open (migrating as needed) a PostgreSQL event store over a given pool or a connection string. */
export const openPostgresEventStore = (options: PostgresEventStoreOptions): Promise<PostgresEventStore> =>
  openMigrated(
    options,
    (pool, owned) =>
      new PostgresEventStore(pool, { schema: options.schema, notify: options.notify, ownsPool: owned }),
  );
