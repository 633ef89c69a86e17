import type { DeadLetter, ParkedItem } from './ingest-ledger.port';

// Both ledgers store the same columns. Drivers differ in what they hand back: `pg` returns BIGINT as
// strings and json columns parsed; SQLite returns numbers and text. The mappers accept either.
type Num = number | string;
const num = (value: Num): number => Number(value);
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export interface ParkedRow {
  id: Num;
  stream_id: string;
  idempotency_key: string;
  event_id: string;
  envelope: ParkedItem['envelope'] | string;
  occurred_at: Num;
  parked_at: Num;
  origin: ParkedItem['origin'];
}

export interface DeadLetterRow {
  id: Num;
  origin: DeadLetter['origin'];
  idempotency_key: string | null;
  payload: string;
  reason: string;
  message: string;
  issues: unknown[] | string;
  locator: string | null;
  created_at: Num;
  status: DeadLetter['status'];
  attempts: number;
  last_attempt_at: Num | null;
  last_outcome: string | null;
}

/** A parked row as the port describes it. */
export const toParked = (r: ParkedRow): ParkedItem => ({
  id: num(r.id),
  streamId: r.stream_id,
  idempotencyKey: r.idempotency_key,
  eventId: r.event_id,
  envelope: json(r.envelope),
  occurredAt: num(r.occurred_at),
  parkedAt: num(r.parked_at),
  origin: r.origin,
});

/** A dead-letter row as the port describes it. */
export const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: num(r.id),
  origin: r.origin,
  idempotencyKey: r.idempotency_key,
  payload: r.payload,
  reason: r.reason,
  message: r.message,
  issues: json(r.issues),
  locator: r.locator,
  createdAt: num(r.created_at),
  status: r.status,
  attempts: r.attempts,
  lastAttemptAt: r.last_attempt_at === null ? null : num(r.last_attempt_at),
  lastOutcome: r.last_outcome,
});
