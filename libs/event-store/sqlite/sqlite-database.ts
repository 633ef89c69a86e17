import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadWriteLock, type ThreadWriteLock } from './sqlite-write-lock';

export type SqliteDb = Database.Database;

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  file: string;
  /** `full` syncs the WAL on every commit (survives power loss); `normal` survives process crashes only. */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's write lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /**
   * The process's write lock for this file (`ThreadWriteLock.create()`), shared by every thread
   * that writes it: writes through `writeLocked` wait on it instead of in SQLite's busy handler.
   */
  writeLock?: SharedArrayBuffer;
}

const writeLocks = new WeakMap<SqliteDb, ThreadWriteLock>();

/**
 * Run a write on `db` holding the process's write lock when the connection has one. Inside a
 * transaction already open on `db` it just runs: the outer write took the lock, or chose not to.
 */
export const writeLocked = <T>(db: SqliteDb, work: () => T): T => {
  const lock = writeLocks.get(db);
  return lock && !db.inTransaction ? lock.hold(work) : work();
};

/** Open (creating folders as needed) a SQLite database in WAL mode, tuned for one writer process. */
export const openSqlite = ({ file, synchronous = 'full', busyTimeoutMs = 5000, writeLock }: SqliteOptions): SqliteDb => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('foreign_keys = ON');
  if (writeLock) writeLocks.set(db, threadWriteLock(writeLock, busyTimeoutMs));
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
