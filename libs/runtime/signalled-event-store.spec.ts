import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreContract, testEvent } from '../event-store/contract/event-store.contract';
import type { StoredEvent } from '../event-store/event-store.port';
import { AppendNotifier } from '../event-store/polling-subscription';
import { openSqlite, type SqliteDb } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { SignalledEventStore } from './signalled-event-store';

// The wrapper changes nothing a store promises.
runEventStoreContract('signalled sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-signalled-'));
  const file = join(dir, 'events.db');
  const dbs: SqliteDb[] = [];
  const open = () => {
    const db = openSqlite({ file, synchronous: 'normal' });
    dbs.push(db);
    return new SignalledEventStore(new SqliteEventStore(db), { onAppended: () => undefined });
  };
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SignalledEventStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-signalled-'));
  const file = join(dir, 'events.db');
  const dbs = [openSqlite({ file, synchronous: 'normal' }), openSqlite({ file, synchronous: 'normal' })];
  afterAll(() => {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signals after appends that stored events, and another connection’s subscription wakes on its signal at once', async () => {
    let appended = 0;
    const writer = new SignalledEventStore(new SqliteEventStore(dbs[0]), { onAppended: () => appended++ });
    const wake = new AppendNotifier();
    const reader = new SignalledEventStore(new SqliteEventStore(dbs[1]), { wake });
    const seen: StoredEvent[] = [];
    // A poll interval far beyond the test: only the signal can deliver in time.
    const subscription = reader.subscribe((events) => void seen.push(...events), {
      after: 0,
      pollIntervalMs: 60_000,
    });
    try {
      await new Promise((r) => setTimeout(r, 20));
      await writer.append('s-1', [testEvent('A')], 'no_stream');
      await writer.appendMany!([{ streamId: 's-2', events: [testEvent('B')], expectedVersion: 'no_stream' }]);
      await writer.appendMany!([]);
      expect(appended).toBe(2);
      wake.notify();
      const deadline = Date.now() + 5000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(seen.map((e) => e.type)).toEqual(['A', 'B']);
    } finally {
      await subscription.stop();
    }
  });
});
