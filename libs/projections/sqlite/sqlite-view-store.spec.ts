import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { runViewStoreContract } from '../contract/view-store.contract';
import type { ViewDefinition } from '../view-store.port';
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

describe('sqlite view store bulk load', () => {
  it('drops the secondary indexes of deferred views and builds them again on ensureViews', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenfold-views-'));
    const db = openSqlite({ file: join(dir, 'views.db'), synchronous: 'full' });
    try {
      const store = new SqliteViewStore(db);
      const view: ViewDefinition = {
        name: 'bulk_items',
        columns: { status: 'text' },
        index: (row) => ({ status: (row as { status: string }).status }),
      };
      const indexes = () =>
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'view_bulk_items' AND sql IS NOT NULL").pluck().all();
      await store.ensureViews([view]);
      expect(indexes()).toEqual(['view_bulk_items_c_status']);
      await store.deferIndexes([view]);
      expect(indexes()).toEqual([]);
      await store.commit('p', [{ view, key: 'a', row: { status: 'open' } }], -1);
      expect(indexes()).toEqual([]);
      await store.ensureViews([view]);
      expect(indexes()).toEqual(['view_bulk_items_c_status']);
      expect(await store.query(view, { where: [{ column: 'status', op: '=', value: 'open' }] })).toEqual([{ status: 'open' }]);
      // The commit ran without fsync, and the connection's own level is back.
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
