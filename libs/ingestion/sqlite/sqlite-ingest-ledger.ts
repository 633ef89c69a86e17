import type { Statement } from 'better-sqlite3';
import { migrateSqlite, writeLocked, type SqliteDb } from '../../event-store/sqlite/sqlite-database';
import type { DeadLetter, DeadLetterInput, IngestLedger, ParkedItem } from '../ingest-ledger.port';
import { toDeadLetter, toParked, type DeadLetterRow, type ParkedRow } from '../ledger-rows';

const MIGRATIONS = [
  `CREATE TABLE ingest_parked (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     idempotency_key TEXT NOT NULL UNIQUE,
     event_id TEXT NOT NULL,
     envelope TEXT NOT NULL,
     occurred_at INTEGER NOT NULL,
     parked_at INTEGER NOT NULL,
     origin TEXT NOT NULL);
   CREATE INDEX ingest_parked_stream ON ingest_parked (stream_id, occurred_at, id);
   CREATE TABLE dead_letters (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     origin TEXT NOT NULL,
     idempotency_key TEXT,
     payload TEXT NOT NULL,
     reason TEXT NOT NULL,
     message TEXT NOT NULL,
     issues TEXT NOT NULL,
     locator TEXT,
     created_at INTEGER NOT NULL,
     status TEXT NOT NULL DEFAULT 'open',
     attempts INTEGER NOT NULL DEFAULT 0,
     last_attempt_at INTEGER,
     last_outcome TEXT);
   CREATE INDEX dead_letters_status ON dead_letters (status, id);`,
];

const PARKED = 'SELECT * FROM ingest_parked';

/** Parked envelopes and dead letters in the embedded SQLite file. */
export class SqliteIngestLedger implements IngestLedger {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDb) {
    migrateSqlite(db, 'ingest-ledger', MIGRATIONS);
  }

  /** A statement prepared once per SQL text. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async park(item: Omit<ParkedItem, 'id'>): Promise<'parked' | 'duplicate'> {
    const insert = this.sql(
      `INSERT INTO ingest_parked (stream_id, idempotency_key, event_id, envelope, occurred_at, parked_at, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    const envelope = JSON.stringify(item.envelope);
    const info = writeLocked(this.db, () =>
      insert.run(item.streamId, item.idempotencyKey, item.eventId, envelope, item.occurredAt, item.parkedAt, item.origin),
    );
    return info.changes === 1 ? 'parked' : 'duplicate';
  }

  async findParked(idempotencyKey: string): Promise<ParkedItem | null> {
    const row = this.sql(`${PARKED} WHERE idempotency_key = ?`).get(idempotencyKey) as ParkedRow | undefined;
    return row ? toParked(row) : null;
  }

  async findParkedMany(idempotencyKeys: readonly string[]): Promise<Map<string, ParkedItem>> {
    const found = new Map<string, ParkedItem>();
    if (idempotencyKeys.length === 0) return found;
    // The keys as one JSON array parameter: one prepared statement for any number of keys.
    const rows = this.sql(`${PARKED} WHERE idempotency_key IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(idempotencyKeys),
    ) as ParkedRow[];
    for (const row of rows) found.set(row.idempotency_key, toParked(row));
    return found;
  }

  async parkedFor(streamId: string): Promise<ParkedItem[]> {
    const rows = this.sql(`${PARKED} WHERE stream_id = ? ORDER BY occurred_at, id`).all(
      streamId,
    ) as ParkedRow[];
    return rows.map(toParked);
  }

  async parkedStreams(): Promise<string[]> {
    const rows = this.sql('SELECT DISTINCT stream_id FROM ingest_parked').all() as Array<{
      stream_id: string;
    }>;
    return rows.map((r) => r.stream_id);
  }

  async parkedBefore(parkedAt: number): Promise<ParkedItem[]> {
    const rows = this.sql(`${PARKED} WHERE parked_at < ? ORDER BY id`).all(parkedAt) as ParkedRow[];
    return rows.map(toParked);
  }

  async unpark(id: number): Promise<void> {
    const remove = this.sql('DELETE FROM ingest_parked WHERE id = ?');
    writeLocked(this.db, () => remove.run(id));
  }

  async deadLetterParked(id: number, entry: DeadLetterInput): Promise<DeadLetter | null> {
    const move = this.db.transaction(() => {
      const removed = this.sql('DELETE FROM ingest_parked WHERE id = ?').run(id);
      return removed.changes === 1 ? this.insertDeadLetter(entry) : null;
    });
    return writeLocked(this.db, () => move.immediate());
  }

  async deadLetter(entry: DeadLetterInput): Promise<DeadLetter> {
    return writeLocked(this.db, () => this.insertDeadLetter(entry));
  }

  private insertDeadLetter(entry: DeadLetterInput): DeadLetter {
    const info = this.sql(
      `INSERT INTO dead_letters (origin, idempotency_key, payload, reason, message, issues, locator, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.origin,
      entry.idempotencyKey,
      entry.payload,
      entry.reason,
      entry.message,
      JSON.stringify(entry.issues),
      entry.locator ?? null,
      entry.createdAt,
    );
    return toDeadLetter(
      this.sql('SELECT * FROM dead_letters WHERE id = ?').get(info.lastInsertRowid) as DeadLetterRow,
    );
  }

  async listDeadLetters(query: { status?: DeadLetter['status']; limit: number; offset: number }) {
    const where = query.status ? 'WHERE status = ?' : '';
    const params = query.status ? [query.status] : [];
    const total = (
      this.sql(`SELECT COUNT(*) AS n FROM dead_letters ${where}`).get(...params) as { n: number }
    ).n;
    const rows = this.sql(`SELECT * FROM dead_letters ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(
      ...params,
      query.limit,
      query.offset,
    ) as DeadLetterRow[];
    return { total, items: rows.map(toDeadLetter) };
  }

  async getDeadLetter(id: number): Promise<DeadLetter | null> {
    const row = this.sql('SELECT * FROM dead_letters WHERE id = ?').get(id) as DeadLetterRow | undefined;
    return row ? toDeadLetter(row) : null;
  }

  async recordRetry(
    id: number,
    outcome: { resolved: boolean; outcome: string; at: number; payload?: string },
  ) {
    const update = this.sql(
      `UPDATE dead_letters SET attempts = attempts + 1, last_attempt_at = ?, last_outcome = ?,
           status = CASE WHEN ? THEN 'resolved' ELSE status END, payload = COALESCE(?, payload) WHERE id = ?`,
    );
    writeLocked(this.db, () => update.run(outcome.at, outcome.outcome, outcome.resolved ? 1 : 0, outcome.payload ?? null, id));
  }
}
