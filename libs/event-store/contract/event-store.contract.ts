import { randomUUID } from 'node:crypto';
import { newEventId } from '../event-id';
import {
  DuplicateIdempotencyKey,
  WrongExpectedVersion,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../event-store.port';

export interface StoreUnderTest {
  store: EventStore;
  /** Another store instance on the same storage (a second process or connection), if the adapter has one. */
  openAnother?: () => Promise<EventStore>;
  cleanup: () => Promise<void>;
}

/** Make a complete event for tests. */
export const testEvent = (type: string, data: Record<string, unknown> = {}, key?: string, recordedAt?: string): NewEvent => {
  const now = recordedAt ?? new Date().toISOString();
  return {
    type,
    data,
    metadata: { eventId: newEventId(), occurredAt: now, recordedAt: now, source: 'contract', schemaVersion: 1 },
    ...(key ? { idempotencyKey: key } : {}),
  };
};

const until = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the subscription');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The semantics every event-store adapter must hold. Call it from a spec with a factory. */
export const runEventStoreContract = (name: string, makeStore: () => Promise<StoreUnderTest>): void => {
  describe(`event store contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: EventStore;
    const stream = () => `contract-${randomUUID()}`;

    beforeEach(async () => {
      sut = await makeStore();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    it('appends and reads a stream in order, with versions from 0', async () => {
      const s = stream();
      const result = await store.append(s, [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })], 'no_stream');
      expect(result.nextExpectedVersion).toBe(1);
      await store.append(s, [testEvent('C', { n: 3 })], 1);
      const events = await store.readStream(s);
      expect(events.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
        ['A', 0, { n: 1 }],
        ['B', 1, { n: 2 }],
        ['C', 2, { n: 3 }],
      ]);
      expect(events[0].metadata.source).toBe('contract');
      expect(await store.readStream(s, { fromVersion: 2 })).toHaveLength(1);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('rejects a wrong expected version and stores nothing of that append', async () => {
      const s = stream();
      await store.append(s, [testEvent('A')], 'no_stream');
      await expect(store.append(s, [testEvent('B')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(store.append(s, [testEvent('B'), testEvent('C')], 5)).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(store.append(stream(), [testEvent('B')], 'stream_exists')).rejects.toBeInstanceOf(
        WrongExpectedVersion,
      );
      await store.append(s, [testEvent('B')], 'any');
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('stores an idempotency key once; a second append with it fails whole', async () => {
      const s = stream();
      const key = `k-${randomUUID()}`;
      const first = await store.append(s, [testEvent('A', {}, key)], 'any');
      await expect(store.append(s, [testEvent('B'), testEvent('A', {}, key)], 'any')).rejects.toBeInstanceOf(
        DuplicateIdempotencyKey,
      );
      expect(await store.readStream(s)).toHaveLength(1);
      const found = await store.findByIdempotencyKey(key);
      expect(found?.metadata.eventId).toBe(first.events[0].metadata.eventId);
      expect(await store.findByIdempotencyKey('never-used')).toBeNull();
    });

    it('finds the events of many idempotency keys at once when the adapter offers findByIdempotencyKeys', async () => {
      if (!store.findByIdempotencyKeys) return;
      const [a, b] = [stream(), stream()];
      const keys = [`k-${randomUUID()}`, `k-${randomUUID()}`, `k-"quoted" ✓ ${randomUUID()}`];
      const first = await store.append(a, [testEvent('A', {}, keys[0]), testEvent('B')], 'any');
      const second = await store.append(b, [testEvent('C', {}, keys[2])], 'any');
      const found = await store.findByIdempotencyKeys([keys[0], keys[1], keys[2], keys[0]]);
      expect([...found.keys()].sort()).toEqual([keys[0], keys[2]].sort());
      expect(found.get(keys[0])).toEqual(await store.findByIdempotencyKey(keys[0]));
      expect(found.get(keys[0])?.metadata.eventId).toBe(first.events[0].metadata.eventId);
      expect(found.get(keys[2])).toMatchObject({ streamId: b, type: 'C', globalPosition: second.lastGlobalPosition });
      expect((await store.findByIdempotencyKeys([])).size).toBe(0);
    });

    it('gives strictly increasing global positions across streams, readable from any position', async () => {
      const before = await store.headPosition();
      const a = stream();
      const b = stream();
      await store.append(a, [testEvent('A1')], 'no_stream');
      await store.append(b, [testEvent('B1'), testEvent('B2')], 'no_stream');
      await store.append(a, [testEvent('A2')], 0);
      const all = await store.readAll({ after: before });
      expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      for (let i = 1; i < all.length; i++) expect(all[i].globalPosition).toBeGreaterThan(all[i - 1].globalPosition);
      expect(await store.headPosition()).toBe(all[all.length - 1].globalPosition);
      const tail = await store.readAll({ after: all[1].globalPosition, limit: 1 });
      expect(tail.map((e) => e.type)).toEqual(['B2']);
      const onlyA = await store.readAll({ after: before, streamPrefix: a });
      expect(onlyA.map((e) => e.type)).toEqual(['A1', 'A2']);
      const typed = await store.readAll({ after: before, types: ['B2', 'A1'] });
      expect(typed.map((e) => e.type)).toEqual(['A1', 'B2']);
    });

    it('filters the log and a stream by recorded time ("as of")', async () => {
      const s = stream();
      await store.append(s, [testEvent('Old', {}, undefined, '2026-01-01T00:00:00.000Z')], 'no_stream');
      await store.append(s, [testEvent('New', {}, undefined, '2026-06-01T00:00:00.000Z')], 0);
      const asOf = Date.parse('2026-03-01T00:00:00Z');
      expect((await store.readStream(s, { recordedUpTo: asOf })).map((e) => e.type)).toEqual(['Old']);
      expect((await store.readAll({ streamPrefix: s, recordedUpTo: asOf })).map((e) => e.type)).toEqual(['Old']);
    });

    it('subscribes from a checkpoint and receives later appends, in order, once', async () => {
      const s = stream();
      await store.append(s, [testEvent('E0'), testEvent('E1')], 'no_stream');
      const [e0] = await store.readStream(s);
      const seen: StoredEvent[] = [];
      const sub = store.subscribe((events) => void seen.push(...events.filter((e) => e.streamId === s)), {
        after: e0.globalPosition,
        batchSize: 2,
        pollIntervalMs: 50,
      });
      await store.append(s, [testEvent('E2'), testEvent('E3'), testEvent('E4')], 1);
      await until(() => seen.length >= 4);
      await sub.stop();
      expect(seen.map((e) => e.type)).toEqual(['E1', 'E2', 'E3', 'E4']);
      expect(sub.position).toBeGreaterThanOrEqual(seen[3].globalPosition);
    });

    it('retries a failed handler batch without skipping events', async () => {
      const s = stream();
      const before = await store.headPosition();
      await store.append(s, [testEvent('X1'), testEvent('X2')], 'no_stream');
      let failures = 0;
      const seen: string[] = [];
      const sub = store.subscribe(
        (events) => {
          if (failures === 0) {
            failures++;
            throw new Error('transient');
          }
          seen.push(...events.map((e) => e.type));
        },
        { after: before, pollIntervalMs: 20, onError: () => undefined },
      );
      await until(() => seen.length >= 2, 8000);
      await sub.stop();
      expect(seen).toEqual(['X1', 'X2']);
    });

    it('lets concurrent writers on one stream win exactly once per version', async () => {
      const s = stream();
      await store.append(s, [testEvent('Start')], 'no_stream');
      const stores = [store, ...(sut.openAnother ? [await sut.openAnother(), await sut.openAnother()] : [])];
      const attempts = Array.from({ length: 8 }, (_, i) =>
        stores[i % stores.length].append(s, [testEvent(`W${i}`)], 0).then(
          () => 'won',
          (e: unknown) => (e instanceof WrongExpectedVersion ? 'conflict' : String(e)),
        ),
      );
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(7);
      expect(await store.readStream(s)).toHaveLength(2);
      for (const other of stores.slice(1)) await other.close();
    });

    it('appends to several streams atomically when the adapter offers appendMany', async () => {
      if (!store.appendMany) return;
      const [a, b] = [stream(), stream()];
      await store.append(a, [testEvent('A0')], 'no_stream');
      const results = await store.appendMany([
        { streamId: a, events: [testEvent('A1')], expectedVersion: 0 },
        { streamId: b, events: [testEvent('B0'), testEvent('B1')], expectedVersion: 'no_stream' },
      ]);
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([1, 1]);
      expect(results[1].lastGlobalPosition).toBeGreaterThan(results[0].lastGlobalPosition);
      const key = `k-${randomUUID()}`;
      await expect(
        store.appendMany([
          { streamId: a, events: [testEvent('A2', {}, key)], expectedVersion: 1 },
          { streamId: b, events: [testEvent('B2')], expectedVersion: 0 },
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedVersion);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0', 'A1']);
      expect(await store.findByIdempotencyKey(key)).toBeNull();
    });

    it('keeps every event of concurrent writers on many streams, with unique positions', async () => {
      const before = await store.headPosition();
      const stores = [store, ...(sut.openAnother ? [await sut.openAnother(), await sut.openAnother()] : [])];
      const streams = Array.from({ length: 8 }, stream);
      await Promise.all(
        streams.map(async (s, i) => {
          for (let n = 0; n < 10; n++) await stores[i % stores.length].append(s, [testEvent(`N${n}`)], n - 1 < 0 ? 'no_stream' : n - 1);
        }),
      );
      const all = await store.readAll({ after: before, limit: 10_000 });
      const mine = all.filter((e) => streams.includes(e.streamId));
      expect(mine).toHaveLength(80);
      expect(new Set(mine.map((e) => e.globalPosition)).size).toBe(80);
      for (const s of streams) {
        expect((await store.readStream(s)).map((e) => e.streamVersion)).toEqual([...Array(10).keys()]);
      }
      for (const other of stores.slice(1)) await other.close();
    });
  });
};
