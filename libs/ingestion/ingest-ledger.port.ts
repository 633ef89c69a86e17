import type { Envelope } from '../integrations/envelope';

export type IngestOrigin = 'http' | 'kafka' | 'retry';

/** An accepted envelope waiting for its stream to exist (e.g. a resolution before the raise). */
export interface ParkedItem {
  id: number;
  streamId: string;
  idempotencyKey: string;
  /** Assigned at ingestion and kept when the event is finally stored. */
  eventId: string;
  envelope: Envelope;
  occurredAt: number;
  parkedAt: number;
  origin: IngestOrigin;
}

export interface DeadLetterInput {
  origin: IngestOrigin;
  idempotencyKey: string | null;
  /** The message as received (raw text when it was not JSON). */
  payload: string;
  reason: string;
  message: string;
  issues: unknown[];
  createdAt: number;
  /** Where it came from, e.g. `tenfold.ingest.v1/2@1045`. */
  locator?: string | null;
}

export interface DeadLetter extends DeadLetterInput {
  id: number;
  status: 'open' | 'resolved';
  attempts: number;
  lastAttemptAt: number | null;
  lastOutcome: string | null;
}

/** Durable bookkeeping of ingestion: parked envelopes and dead letters. */
export interface IngestLedger {
  park(item: Omit<ParkedItem, 'id'>): Promise<'parked' | 'duplicate'>;
  findParked(idempotencyKey: string): Promise<ParkedItem | null>;
  /** The parked items under any of these keys, by key (one query for a whole batch). */
  findParkedMany(idempotencyKeys: readonly string[]): Promise<Map<string, ParkedItem>>;
  parkedFor(streamId: string): Promise<ParkedItem[]>;
  parkedStreams(): Promise<string[]>;
  parkedBefore(parkedAt: number): Promise<ParkedItem[]>;
  unpark(id: number): Promise<void>;
  /**
   * Move a parked item to the dead letters in one transaction. Null when the item is no longer
   * parked (another sweeper moved or applied it first): nothing is written then.
   */
  deadLetterParked(id: number, entry: DeadLetterInput): Promise<DeadLetter | null>;
  deadLetter(entry: DeadLetterInput): Promise<DeadLetter>;
  listDeadLetters(query: { status?: DeadLetter['status']; limit: number; offset: number }): Promise<{
    total: number;
    items: DeadLetter[];
  }>;
  getDeadLetter(id: number): Promise<DeadLetter | null>;
  recordRetry(id: number, outcome: { resolved: boolean; outcome: string; at: number; payload?: string }): Promise<void>;
}

export const INGEST_LEDGER = Symbol('INGEST_LEDGER');
