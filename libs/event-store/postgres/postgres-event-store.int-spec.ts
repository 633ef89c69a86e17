import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { runEventStoreContract, testEvent } from '../contract/event-store.contract';
import {
  DuplicateIdempotencyKey,
  WrongExpectedVersion,
  type AppendResult,
  type NewEvent,
  type StoredEvent,
} from '../event-store.port';
import { MIGRATIONS, openPostgresEventStore, type PostgresEventStore } from './postgres-event-store';
import { migratePostgres, quoteIdent } from './postgres-migrations';

const connectionString = process.env.TENFOLD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new Pool({ connectionString, max: 1 });
const freshSchema = (): string => `tenfold_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const dropSchema = (schema: string) => admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
const open = (schema: string, poolSize = 4) => openPostgresEventStore({ connectionString, schema, poolSize });

afterAll(() => admin.end());

runEventStoreContract('postgres', async () => {
  const schema = freshSchema();
  const stores = [await open(schema)];
  return {
    store: stores[0],
    openAnother: async () => {
      const another = await open(schema);
      stores.push(another);
      return another;
    },
    cleanup: async () => {
      for (const store of stores) await store.close();
      await dropSchema(schema);
    },
  };
});

const until = async (check: () => boolean, timeoutMs: number): Promise<void> => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Load → append at the loaded version → on a conflict, reload and try again (the command path's loop). */
const appendWithRetry = async (
  store: PostgresEventStore,
  streamId: string,
  events: NewEvent[],
): Promise<void> => {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const current = await store.readStream(streamId);
    try {
      await store.append(streamId, events, current.at(-1)?.streamVersion ?? -1);
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    }
  }
  throw new Error(`gave up appending to ${streamId}`);
};

describe('postgres event store', () => {
  let schema: string;
  const stores: PostgresEventStore[] = [];
  const track = async (store: Promise<PostgresEventStore>) => {
    stores.push(await store);
    return stores[stores.length - 1];
  };

  beforeEach(() => {
    schema = freshSchema();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await dropSchema(schema);
  });

  /** 16 writers (8 on one stream, 8 on six others) race while a subscriber reads; it must see every event once, in order. */
  const race = async (writers: PostgresEventStore[]): Promise<void> => {
    const reader = await track(open(schema, 2));
    // Jitter inside every append transaction widens the window in which a late commit could be passed over.
    const s = quoteIdent(schema);
    await admin.query(`CREATE FUNCTION ${s}.jitter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(random() * 0.003); RETURN NULL; END $$;
      CREATE TRIGGER jitter AFTER INSERT ON ${s}.events FOR EACH STATEMENT EXECUTE FUNCTION ${s}.jitter();`);
    const seen: StoredEvent[] = [];
    const sub = reader.subscribe((events) => void seen.push(...events), {
      after: 0,
      batchSize: 7,
      pollIntervalMs: 5,
    });
    const one = `one-${randomUUID()}`;
    const many = Array.from({ length: 6 }, (_, i) => `many-${i}-${randomUUID()}`);
    const written: string[] = [];

    await Promise.all(
      writers.map(async (writer, w) => {
        for (let n = 0; n < 25;) {
          const size = w < 8 ? 1 : Math.min(1 + (n % 3), 25 - n);
          const events = Array.from({ length: size }, (_, i) => testEvent('Written', { w, n: n + i }));
          await appendWithRetry(writer, w < 8 ? one : many[(w + n) % many.length], events);
          written.push(...events.map((e) => e.metadata.eventId));
          n += size;
        }
      }),
    );
    const head = await reader.headPosition();
    await until(() => sub.position >= head, 30_000);
    await sub.stop();

    expect(written).toHaveLength(400);
    expect(seen).toHaveLength(400);
    expect(seen.map((e) => e.globalPosition)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(new Set(seen.map((e) => e.metadata.eventId))).toEqual(new Set(written));
    expect(head).toBe(400);

    const oneStream = await reader.readStream(one);
    expect(oneStream.map((e) => e.streamVersion)).toEqual([...Array(200).keys()]);
    for (let w = 0; w < 8; w++) {
      const mine = oneStream
        .filter((e) => (e.data as { w: number }).w === w)
        .map((e) => (e.data as { n: number }).n);
      expect(mine).toEqual([...Array(25).keys()]);
    }
    let manyTotal = 0;
    for (const streamId of many) {
      const events = await reader.readStream(streamId);
      expect(events.map((e) => e.streamVersion)).toEqual([...Array(events.length).keys()]);
      manyTotal += events.length;
    }
    expect(manyTotal).toBe(200);
  };

  it('never lets a subscriber skip or repeat an event while 16 writers race', async () => {
    await race(await Promise.all(Array.from({ length: 16 }, () => track(open(schema, 1)))));
  });

  it('never lets a subscriber skip or repeat an event while 16 writers race through 4 group-committing stores', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => track(open(schema, 2))));
    await race(Array.from({ length: 16 }, (_, w) => stores[w % 4]));
  });

  it('commits concurrent appends as a group, each failing or succeeding alone', async () => {
    const store = await track(open(schema, 2));
    await store.append('s-1', [testEvent('A0')], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('s-1', [testEvent('A1')], 0),
      store.append('s-1', [testEvent('stale')], 0),
      store.append('s-2', [testEvent('B0', {}, 'key-1')], 'no_stream'),
      store.append('s-3', [testEvent('C0', {}, 'key-1')], 'no_stream'),
      store.appendMany([
        { streamId: 's-4', events: [testEvent('D0')], expectedVersion: 'no_stream' },
        { streamId: 's-5', events: [testEvent('E0'), testEvent('E1')], expectedVersion: 'no_stream' },
      ]),
      store.append('s-6', [testEvent('F0')], 'stream_exists'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateIdempotencyKey);
    expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
    const all = await store.readAll();
    expect(all.map((e) => [e.globalPosition, e.type])).toEqual([
      [1, 'A0'],
      [2, 'A1'],
      [3, 'B0'],
      [4, 'D0'],
      [5, 'E0'],
      [6, 'E1'],
    ]);
    const many = (outcomes[4] as PromiseFulfilledResult<AppendResult[]>).value;
    expect(many.map((r) => [r.nextExpectedVersion, r.lastGlobalPosition])).toEqual([
      [0, 4],
      [1, 6],
    ]);
    // Without refusals, one group: every caller's own positions, in call order.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append(`g-${i}`, [testEvent(`G${i}`), testEvent(`H${i}`)], 'no_stream'),
      ),
    );
    expect(results.map((r) => r.lastGlobalPosition)).toEqual(Array.from({ length: 20 }, (_, i) => 8 + 2 * i));
    expect(results.map((r) => r.events[0].streamVersion)).toEqual(Array(20).fill(0));
    const transactions = await admin.query(
      `SELECT COUNT(DISTINCT xmin::text) AS n FROM ${quoteIdent(schema)}.events WHERE stream_id LIKE 'g-%'`,
    );
    expect(Number(transactions.rows[0].n)).toBe(1);
  });

  it('refuses a member of a group for its version and commits the others together', async () => {
    const store = await track(open(schema, 2));
    await store.append('hot', [testEvent('H0')], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('hot', [testEvent('H1')], 0),
      store.append('hot', [testEvent('late')], 0), // same stream: waits for the next group, then is refused
      store.append('cold', [testEvent('C0')], 'no_stream'),
      store.append('wrong', [testEvent('W0')], 4), // refused inside the group
      store.append('warm', [testEvent('M0')], 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ streamId: 'hot', actual: 1 });
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ streamId: 'wrong', actual: -1 });
    const { rows } = await admin.query(
      `SELECT type, xmin::text AS tx FROM ${quoteIdent(schema)}.events ORDER BY global_position`,
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['H0', 'H1', 'C0', 'M0']);
    expect(new Set(rows.slice(1).map((r: { tx: string }) => r.tx)).size).toBe(1);
  });

  it('isolates a member of a group whose values the client or the server cannot take', async () => {
    const store = await track(open(schema, 2));
    const outcomes = await Promise.allSettled([
      store.append('ok-1', [testEvent('A')], 'no_stream'),
      store.append('bad-client', [testEvent('B', { n: BigInt(1) })], 'no_stream'), // JSON.stringify throws
      store.append('ok-2', [testEvent('C')], 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const server = await Promise.allSettled([
      store.append('ok-3', [testEvent('D')], 'no_stream'),
      store.append('bad-server', [testEvent('nul \u0000 in a type')], 'no_stream'), // text cannot hold NUL
      store.append('ok-4', [testEvent('E')], 'no_stream'),
    ]);
    expect(server.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readAll()).map((e) => [e.globalPosition, e.type])).toEqual([
      [1, 'A'],
      [2, 'C'],
      [3, 'D'],
      [4, 'E'],
    ]);
  });

  it('migrates once, whether started concurrently or restarted', async () => {
    await Promise.all(Array.from({ length: 4 }, () => track(open(schema, 1))));
    await track(open(schema, 1));
    const { rows } = await admin.query(
      `SELECT component, version FROM ${quoteIdent(schema)}.schema_migrations ORDER BY component, version`,
    );
    expect(rows).toEqual([
      { component: 'event-store', version: 1 },
      { component: 'event-store', version: 2 },
      { component: 'event-store', version: 3 },
    ]);
  });

  it('upgrades a store written by the previous version: positions continue, event ids may repeat', async () => {
    const pool = new Pool({ connectionString, max: 1 });
    try {
      await migratePostgres(pool, schema, 'event-store', MIGRATIONS.slice(0, 2));
      const e = testEvent('Old', { n: 1 }, 'old-key');
      await pool.query(
        `SELECT * FROM ${quoteIdent(schema)}.append_events($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          '1',
          ['old'],
          ['no_stream'],
          [1],
          [e.metadata.eventId],
          [e.type],
          [JSON.stringify(e.data)],
          [JSON.stringify(e.metadata)],
          [0],
          [e.idempotencyKey],
        ],
      );
    } finally {
      await pool.end();
    }
    const store = await track(open(schema, 1));
    expect((await store.readStream('old')).map((x) => [x.globalPosition, x.type, x.data])).toEqual([
      [1, 'Old', { n: 1 }],
    ]);
    const next = await store.append('old', [testEvent('New')], 0);
    expect([next.lastGlobalPosition, next.nextExpectedVersion]).toEqual([2, 1]);
    await expect(
      store.append('other', [testEvent('Dup', {}, 'old-key')], 'no_stream'),
    ).rejects.toBeInstanceOf(DuplicateIdempotencyKey);
    const again = testEvent('SameId');
    await store.append('a', [again], 'no_stream');
    await store.append('b', [{ ...again, type: 'SameIdAgain' }], 'no_stream'); // no unique index on event_id any more
    expect(await store.headPosition()).toBe(4);
  });

  it('wakes a subscriber of another process through NOTIFY, without waiting for the poll', async () => {
    // A pool of one: listening must not take the only pooled connection.
    const [listener, writer] = [await track(open(schema, 1)), await track(open(schema, 1))];
    const seen: StoredEvent[] = [];
    const sub = listener.subscribe((events) => void seen.push(...events), {
      after: 0,
      pollIntervalMs: 60_000,
    });
    await new Promise((r) => setTimeout(r, 300));
    await writer.append(`s-${randomUUID()}`, [testEvent('Ping')], 'no_stream');
    await until(() => seen.length === 1, 5000);
    await sub.stop();
  });

  it('rejects an append repeating an idempotency key within itself, storing nothing', async () => {
    const store = await track(open(schema, 1));
    const streamId = `s-${randomUUID()}`;
    const events = [testEvent('A', {}, 'dup-key'), testEvent('B', {}, 'dup-key')];
    await expect(store.append(streamId, events, 'any')).rejects.toBeInstanceOf(DuplicateIdempotencyKey);
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('applies appendMany in order: a stream may appear twice, a key only once', async () => {
    const store = await track(open(schema, 1));
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const results = await store.appendMany([
      { streamId: a, events: [testEvent('A0')], expectedVersion: 'no_stream' },
      { streamId: b, events: [testEvent('B0')], expectedVersion: 'no_stream' },
      { streamId: a, events: [testEvent('A1'), testEvent('A2')], expectedVersion: 0 },
    ]);
    expect(results.map((r) => [r.nextExpectedVersion, r.lastGlobalPosition])).toEqual([
      [0, 1],
      [0, 2],
      [2, 4],
    ]);
    const repeated = store.appendMany([
      { streamId: a, events: [testEvent('A3', {}, 'once')], expectedVersion: 2 },
      { streamId: b, events: [testEvent('B1', {}, 'once')], expectedVersion: 0 },
    ]);
    await expect(repeated).rejects.toBeInstanceOf(DuplicateIdempotencyKey);
    expect(await store.headPosition()).toBe(4);
  });

  it('checks the expectation of an append without events, storing nothing for it', async () => {
    const store = await track(open(schema, 1));
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const results = await store.appendMany([
      { streamId: a, events: [], expectedVersion: 'no_stream' },
      { streamId: b, events: [testEvent('B0')], expectedVersion: 'no_stream' },
      { streamId: b, events: [], expectedVersion: 'stream_exists' },
    ]);
    expect(results.map((r) => [r.nextExpectedVersion, r.lastGlobalPosition, r.events.length])).toEqual([
      [-1, 0, 0],
      [0, 1, 1],
      [0, 0, 0],
    ]);
    await expect(
      store.appendMany([{ streamId: a, events: [], expectedVersion: 'stream_exists' }]),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await store.headPosition()).toBe(1);
  });

  it('refuses to append outside READ COMMITTED rather than number events from a stale snapshot', async () => {
    const url = new URL(connectionString);
    url.searchParams.set('options', '-c default_transaction_isolation=serializable');
    const store = await track(
      openPostgresEventStore({ connectionString: url.toString(), schema, poolSize: 1 }),
    );
    await expect(store.append('s', [testEvent('A')], 'any')).rejects.toThrow(/READ COMMITTED/);
  });

  it('keeps data and metadata byte-exact, including awkward strings', async () => {
    const store = await track(open(schema, 1));
    const data = { text: 'quote " backslash \\ nul \u0000 emoji 😀 {}', z: 1, a: [1.5, null, { b: true }] };
    await store.append('exact', [testEvent('A', data)], 'no_stream');
    const [event] = await store.readStream('exact');
    expect(JSON.stringify(event.data)).toBe(JSON.stringify(data));
  });
});
