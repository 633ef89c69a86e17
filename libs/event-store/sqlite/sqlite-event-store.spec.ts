import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreContract } from '../contract/event-store.contract';
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
