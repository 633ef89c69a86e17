import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreContract, testEvent } from '../contract/event-store.contract';
import { DuplicateIdempotencyKey, WrongExpectedVersion } from '../event-store.port';
import { migrateSqlite, openSqlite, type SqliteDb } from './sqlite-database';
import { SqliteEventStore } from './sqlite-event-store';

runEventStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-contract-'));
  const file = join(dir, 'events.db');
  const dbs: SqliteDb[] = [openSqlite({ file, synchronous: 'normal' })];
  return {
    store: new SqliteEventStore(dbs[0]),
    openAnother: async () => {
      const db = openSqlite({ file, synchronous: 'normal' });
      dbs.push(db);
      return new SqliteEventStore(db);
    },
    cleanup: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite event store: group commit', () => {
  it('commits appends of one event-loop turn together, each failing or succeeding alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenfold-group-'));
    const db = openSqlite({ file: join(dir, 'events.db'), synchronous: 'normal' });
    const store = new SqliteEventStore(db);
    try {
      await store.append('s-1', [testEvent('A0')], 'no_stream');
      const outcomes = await Promise.allSettled([
        store.append('s-1', [testEvent('A1')], 0),
        store.append('s-1', [testEvent('stale')], 0),
        store.append('s-2', [testEvent('B0', {}, 'key-1')], 'no_stream'),
        store.append('s-3', [testEvent('C0', {}, 'key-1')], 'no_stream'),
        store.appendMany([
          { streamId: 's-4', events: [testEvent('D0')], expectedVersion: 'no_stream' },
          { streamId: 's-5', events: [testEvent('E0')], expectedVersion: 'no_stream' },
        ]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
      expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateIdempotencyKey);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'D0', 'E0']);
      expect(await store.readStream('s-3')).toEqual([]);
    } finally {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite event store: migration 2 (no unique index on event_id)', () => {
  const VERSION_1 = `CREATE TABLE events (
     global_position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL,
     event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
     recorded_at INTEGER NOT NULL, idempotency_key TEXT UNIQUE, UNIQUE (stream_id, stream_version));
   CREATE INDEX events_type ON events (type, global_position);`;

  it('rebuilds an existing log with its positions, sequence, keys and indexes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenfold-migrate-'));
    const file = join(dir, 'events.db');
    try {
      const old = openSqlite({ file, synchronous: 'normal' });
      migrateSqlite(old, 'event-store', [VERSION_1]);
      const insert = old.prepare(
        `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
         VALUES (?, ?, ?, ?, '{"n":1}', ?, 0, ?)`,
      );
      for (let i = 0; i < 5; i++) {
        const event = testEvent(`T${i}`, { n: 1 }, `key-${i}`);
        insert.run('s-1', i, event.metadata.eventId, event.type, JSON.stringify(event.metadata), event.idempotencyKey);
      }
      old.prepare('DELETE FROM events WHERE global_position = 5').run(); // the sequence stays at 5
      old.close();

      const db = openSqlite({ file, synchronous: 'normal' });
      const store = new SqliteEventStore(db);
      try {
        expect((await store.readStream('s-1')).map((e) => [e.globalPosition, e.type])).toEqual([
          [1, 'T0'],
          [2, 'T1'],
          [3, 'T2'],
          [4, 'T3'],
        ]);
        const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name`).pluck().all();
        expect(indexes).toHaveLength(3); // (stream_id, stream_version), idempotency_key, events_type
        expect(indexes).toContain('events_type');
        const next = await store.append('s-1', [testEvent('T4')], 3);
        expect(next.lastGlobalPosition).toBe(6);
        await expect(store.append('s-2', [testEvent('X', {}, 'key-0')], 'no_stream')).rejects.toBeInstanceOf(DuplicateIdempotencyKey);
        await expect(store.append('s-1', [testEvent('T5')], 3)).rejects.toBeInstanceOf(WrongExpectedVersion);
        expect((await store.findByIdempotencyKey('key-2'))?.type).toBe('T2');
        expect((await store.readAll({ types: ['T1', 'T4'] })).map((e) => e.globalPosition)).toEqual([2, 6]);
      } finally {
        await store.close();
        db.close();
      }
      const reopened = openSqlite({ file, synchronous: 'normal' });
      new SqliteEventStore(reopened); // applied once: opening again is a no-op
      expect(reopened.prepare(`SELECT COUNT(*) FROM schema_migrations WHERE component = 'event-store'`).pluck().get()).toBe(2);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite event store: reading the log', () => {
  it('reads every event exactly as stored: awkward ids, types and documents, in position order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenfold-page-'));
    const db = openSqlite({ file: join(dir, 'events.db'), synchronous: 'normal' });
    const store = new SqliteEventStore(db);
    try {
      const awkward = ['quote " and \\ backslash', 'line\nbreak\ttab\u0001', 'unicode é ✓ 😀', '__proto__', ''];
      const streams = awkward.map((text, i) => `s-${i}-${text}`);
      for (const [i, streamId] of streams.entries()) {
        await store.append(
          streamId,
          [
            testEvent(`Type ${awkward[i]}`, { text: awkward[i], nested: { list: [1, -2.5, 1e21, null, true] }, [awkward[i]]: i }, `key-${i}`),
            testEvent('Plain', { n: i }),
          ],
          'no_stream',
        );
      }
      const all = await store.readAll();
      expect(all.map((e) => e.globalPosition)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      for (const [i, streamId] of streams.entries()) {
        const [first, second] = all.slice(2 * i, 2 * i + 2);
        expect(first).toEqual(await store.findByIdempotencyKey(`key-${i}`));
        expect(Object.keys(first)).toEqual(['streamId', 'streamVersion', 'globalPosition', 'type', 'data', 'metadata']);
        expect(first.streamId).toBe(streamId);
        expect(first.type).toBe(`Type ${awkward[i]}`);
        expect(first.data).toEqual({ text: awkward[i], nested: { list: [1, -2.5, 1e21, null, true] }, [awkward[i]]: i });
        expect(second).toMatchObject({ streamId, streamVersion: 1, type: 'Plain', data: { n: i } });
      }
      expect(await store.readAll({ after: 10 })).toEqual([]);
      expect((await store.readAll({ after: 3, limit: 2 })).map((e) => e.globalPosition)).toEqual([4, 5]);
      expect(await store.readAll({ after: 3, limit: 0 })).toEqual([]);
    } finally {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads large pages and no limit (-1), filtered or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenfold-pages-'));
    const db = openSqlite({ file: join(dir, 'events.db'), synchronous: 'normal' });
    const store = new SqliteEventStore(db);
    try {
      const events = Array.from({ length: 25_003 }, (_, i) => testEvent(i % 3 === 0 ? 'Kept' : 'Other', { i }));
      await store.append('s-big', events, 'no_stream');
      const all = await store.readAll({ limit: 30_000 });
      expect(all.map((e) => e.data)).toEqual(events.map((e) => e.data));
      expect(all.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i));
      expect((await store.readAll({ limit: -1 })).length).toBe(25_003);
      expect((await store.readAll({ after: 5, limit: 20_001 })).map((e) => e.globalPosition)).toEqual(
        Array.from({ length: 20_001 }, (_, i) => i + 6),
      );
      const kept = await store.readAll({ types: ['Kept'], limit: 12_000 });
      expect(kept.map((e) => e.data)).toEqual(events.filter((e) => e.type === 'Kept').slice(0, 12_000).map((e) => e.data));
    } finally {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
