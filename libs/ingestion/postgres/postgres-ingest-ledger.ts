import type { Pool, PoolClient } from 'pg';
import {
  migratePostgres,
  openMigrated,
  quoteIdent,
  withTransaction,
  type PostgresTarget,
} from '../../event-store/postgres/postgres-migrations';
import type { DeadLetter, DeadLetterInput, IngestLedger, ParkedItem } from '../ingest-ledger.port';
import { toDeadLetter, toParked, type DeadLetterRow, type ParkedRow } from '../ledger-rows';

const MIGRATIONS = [
  (s: string) => `CREATE TABLE ${s}.ingest_parked (
     id BIGSERIAL PRIMARY KEY,
     stream_id TEXT NOT NULL,
     idempotency_key TEXT NOT NULL UNIQUE,
     event_id TEXT NOT NULL,
     envelope JSON NOT NULL,
     occurred_at BIGINT NOT NULL,
     parked_at BIGINT NOT NULL,
     origin TEXT NOT NULL);
   CREATE INDEX ingest_parked_stream ON ${s}.ingest_parked (stream_id, occurred_at, id);
   CREATE INDEX ingest_parked_age ON ${s}.ingest_parked (parked_at);
   CREATE TABLE ${s}.dead_letters (
     id BIGSERIAL PRIMARY KEY,
     origin TEXT NOT NULL,
     idempotency_key TEXT,
     payload TEXT NOT NULL,
     reason TEXT NOT NULL,
     message TEXT NOT NULL,
     issues JSON NOT NULL,
     locator TEXT,
     created_at BIGINT NOT NULL,
     status TEXT NOT NULL DEFAULT 'open',
     attempts INTEGER NOT NULL DEFAULT 0,
     last_attempt_at BIGINT,
     last_outcome TEXT);
   CREATE INDEX dead_letters_status ON ${s}.dead_letters (status, id);`,
];

type Queryable = Pick<PoolClient, 'query'>;

/** Parked envelopes and dead letters in PostgreSQL. */
export class PostgresIngestLedger implements IngestLedger {
  private readonly parked: string;
  private readonly letters: string;
  private ready?: Promise<void>;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: { schema?: string; ownsPool?: boolean } = {},
  ) {
    const s = quoteIdent(options.schema ?? 'public');
    this.parked = `${s}.ingest_parked`;
    this.letters = `${s}.dead_letters`;
  }

  /** Create or upgrade the tables (idempotent, safe across concurrent starters). */
  init(): Promise<void> {
    this.ready ??= migratePostgres(this.pool, this.options.schema ?? 'public', 'ingest-ledger', MIGRATIONS);
    return this.ready;
  }

  private async rows<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    await this.init();
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async park(item: Omit<ParkedItem, 'id'>): Promise<'parked' | 'duplicate'> {
    const inserted = await this.rows(
      `INSERT INTO ${this.parked} (stream_id, idempotency_key, event_id, envelope, occurred_at, parked_at, origin)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        item.streamId,
        item.idempotencyKey,
        item.eventId,
        JSON.stringify(item.envelope),
        item.occurredAt,
        item.parkedAt,
        item.origin,
      ],
    );
    return inserted.length === 1 ? 'parked' : 'duplicate';
  }

  async findParked(idempotencyKey: string): Promise<ParkedItem | null> {
    const [row] = await this.rows<ParkedRow>(`SELECT * FROM ${this.parked} WHERE idempotency_key = $1`, [
      idempotencyKey,
    ]);
    return row ? toParked(row) : null;
  }

  async findParkedMany(idempotencyKeys: readonly string[]): Promise<Map<string, ParkedItem>> {
    const found = new Map<string, ParkedItem>();
    if (idempotencyKeys.length === 0) return found;
    const rows = await this.rows<ParkedRow>(
      `SELECT * FROM ${this.parked} WHERE idempotency_key = ANY($1::text[])`,
      [idempotencyKeys],
    );
    for (const row of rows) found.set(row.idempotency_key, toParked(row));
    return found;
  }

  async parkedFor(streamId: string): Promise<ParkedItem[]> {
    const rows = await this.rows<ParkedRow>(
      `SELECT * FROM ${this.parked} WHERE stream_id = $1 ORDER BY occurred_at, id`,
      [streamId],
    );
    return rows.map(toParked);
  }

  async parkedStreams(): Promise<string[]> {
    const rows = await this.rows<{ stream_id: string }>(`SELECT DISTINCT stream_id FROM ${this.parked}`);
    return rows.map((r) => r.stream_id);
  }

  async parkedBefore(parkedAt: number): Promise<ParkedItem[]> {
    const rows = await this.rows<ParkedRow>(`SELECT * FROM ${this.parked} WHERE parked_at < $1 ORDER BY id`, [
      parkedAt,
    ]);
    return rows.map(toParked);
  }

  async unpark(id: number): Promise<void> {
    await this.rows(`DELETE FROM ${this.parked} WHERE id = $1`, [id]);
  }

  async deadLetterParked(id: number, entry: DeadLetterInput): Promise<DeadLetter | null> {
    await this.init();
    return withTransaction(this.pool, async (client) => {
      // The row lock taken by DELETE makes a concurrent sweeper wait, then find nothing to move.
      const removed = await client.query(`DELETE FROM ${this.parked} WHERE id = $1`, [id]);
      return removed.rowCount === 1 ? this.insertDeadLetter(client, entry) : null;
    });
  }

  async deadLetter(entry: DeadLetterInput): Promise<DeadLetter> {
    await this.init();
    return this.insertDeadLetter(this.pool, entry);
  }

  private async insertDeadLetter(db: Queryable, entry: DeadLetterInput): Promise<DeadLetter> {
    const { rows } = await db.query<DeadLetterRow>(
      `INSERT INTO ${this.letters} (origin, idempotency_key, payload, reason, message, issues, locator, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        entry.origin,
        entry.idempotencyKey,
        entry.payload,
        entry.reason,
        entry.message,
        JSON.stringify(entry.issues),
        entry.locator ?? null,
        entry.createdAt,
      ],
    );
    return toDeadLetter(rows[0]);
  }

  async listDeadLetters(query: { status?: DeadLetter['status']; limit: number; offset: number }) {
    const where = query.status ? 'WHERE status = $1' : '';
    const params: unknown[] = query.status ? [query.status] : [];
    const [{ n }] = await this.rows<{ n: string }>(
      `SELECT COUNT(*) AS n FROM ${this.letters} ${where}`,
      params,
    );
    const page = params.length;
    const rows = await this.rows<DeadLetterRow>(
      `SELECT * FROM ${this.letters} ${where} ORDER BY id DESC LIMIT $${page + 1} OFFSET $${page + 2}`,
      [...params, query.limit, query.offset],
    );
    return { total: Number(n), items: rows.map(toDeadLetter) };
  }

  async getDeadLetter(id: number): Promise<DeadLetter | null> {
    const [row] = await this.rows<DeadLetterRow>(`SELECT * FROM ${this.letters} WHERE id = $1`, [id]);
    return row ? toDeadLetter(row) : null;
  }

  async recordRetry(
    id: number,
    outcome: { resolved: boolean; outcome: string; at: number; payload?: string },
  ) {
    await this.rows(
      `UPDATE ${this.letters} SET attempts = attempts + 1, last_attempt_at = $1, last_outcome = $2,
         status = CASE WHEN $3 THEN 'resolved' ELSE status END, payload = COALESCE($4, payload) WHERE id = $5`,
      [outcome.at, outcome.outcome, outcome.resolved, outcome.payload ?? null, id],
    );
  }

  /** End the pool if this ledger opened it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.options.ownsPool) await this.pool.end();
  }
}

/** Open (migrating as needed) a PostgreSQL ingest ledger over a given pool or a connection string. */
export const openPostgresIngestLedger = (target: PostgresTarget): Promise<PostgresIngestLedger> =>
  openMigrated(
    target,
    (pool, owned) => new PostgresIngestLedger(pool, { schema: target.schema, ownsPool: owned }),
  );
