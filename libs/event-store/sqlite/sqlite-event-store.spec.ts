import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreContract, testEvent } from '../contract/event-store.contract';
import { DuplicateIdempotencyKey, WrongExpectedVersion } from '../event-store.port';
import { openSqlite, type SqliteDb } from './sqlite-database';
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
