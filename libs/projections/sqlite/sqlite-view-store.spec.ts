import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { runViewStoreContract } from '../contract/view-store.contract';
import { SqliteViewStore } from './sqlite-view-store';

runViewStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-views-'));
  const db = openSqlite({ file: join(dir, 'views.db'), synchronous: 'normal' });
  return {
    store: new SqliteViewStore(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
