import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateSqlite, openSqlite } from './sqlite-database';

describe('SQLite migrations', () => {
  it('apply each version once, whichever connection to the file gets there first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenfold-migrate-'));
    const file = join(dir, 'm.db');
    const migrations = ['CREATE TABLE t (x INTEGER)', 'CREATE INDEX t_x ON t (x)'];
    const [a, b] = [openSqlite({ file }), openSqlite({ file })];
    migrateSqlite(a, 'race', migrations.slice(0, 1));
    migrateSqlite(b, 'race', migrations);
    migrateSqlite(a, 'race', migrations);
    expect(a.prepare("SELECT version FROM schema_migrations WHERE component = 'race' ORDER BY version").all()).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
