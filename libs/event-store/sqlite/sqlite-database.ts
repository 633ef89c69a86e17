import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDb = Database.Database;

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  file: string;
  /** `full` syncs the WAL on every commit (survives power loss); `normal` survives process crashes only. */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's write lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
}

/** Open (creating folders as needed) a SQLite database in WAL mode, tuned for one writer process. */
export const openSqlite = ({ file, synchronous = 'full', busyTimeoutMs = 5000 }: SqliteOptions): SqliteDb => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('foreign_keys = ON');
  return db;
};

/** Apply numbered migrations once each, recording them in `schema_migrations`. */
export const migrateSqlite = (db: SqliteDb, component: string, migrations: readonly string[]): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version))`);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE component = ? AND version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)');
  migrations.forEach((sql, index) => {
    const version = index + 1;
    // Checked inside the write transaction: another process opening the same new file may have
    // applied it between our start and our lock.
    db.transaction(() => {
      if (isApplied.get(component, version)) return;
      db.exec(sql);
      record.run(component, version, new Date().toISOString());
    }).immediate();
  });
};
