import type { EventMetadata } from '../domain/shared/event';

/** An event ready to be appended: its metadata is complete (id, times, provenance). */
export interface NewEvent {
  type: string;
  data: unknown;
  metadata: EventMetadata;
  /** Unique across the store, e.g. `zendesk:zd-9912-3`. Appending a known key fails the whole append. */
  idempotencyKey?: string;
}

/** An event as stored, with its place in its stream and in the global log. */
export interface StoredEvent {
  streamId: string;
  /** 0-based position of the event within its stream. */
  streamVersion: number;
  /** 1-based, strictly increasing position in the global log. */
  globalPosition: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check;
 * a number: the version of the stream's last event (-1 for an empty stream).
 */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

export interface AppendResult {
  /** Version of the last event appended: the expected version for the next append. */
  nextExpectedVersion: number;
  lastGlobalPosition: number;
  events: StoredEvent[];
}

export interface ReadAllOptions {
  /** Read events strictly after this global position (0 = from the start). */
  after?: number;
  limit?: number;
  /** Only events recorded at or before this instant (epoch ms). */
  recordedUpTo?: number;
  streamPrefix?: string;
  types?: string[];
}

export type EventHandler = (events: StoredEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Resolves once the subscription has stopped and its last handler call has returned. */
  stop(): Promise<void>;
  /** Global position of the last event the handler has processed. */
  readonly position: number;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this global position. */
  after: number;
  batchSize?: number;
  /** Poll interval when nothing signals new events (ms). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

/** The event store port: every adapter implements exactly this and passes the contract suite. */
export interface EventStore {
  append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
  /**
   * Append to several streams in one transaction: all or nothing. Optional: without it, callers
   * append stream by stream. Results are in the order of `appends`.
   */
  appendMany?(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: { fromVersion?: number; recordedUpTo?: number }): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** The stored event carrying this idempotency key, if any. */
  findByIdempotencyKey(key: string): Promise<StoredEvent | null>;
  /**
   * The stored events carrying any of these idempotency keys, by key (absent keys are left out):
   * one query for a whole batch. Optional: without it, callers look the keys up one by one.
   */
  findByIdempotencyKeys?(keys: readonly string[]): Promise<Map<string, StoredEvent>>;
  /** Global position of the last stored event (0 when empty). */
  headPosition(): Promise<number>;
  /** Deliver every event after `options.after`, in global order, batch by batch, until stopped. */
  subscribe(handler: EventHandler, options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** The stream's version did not match what the writer expected (optimistic concurrency). */
export class WrongExpectedVersion extends Error {
  readonly code = 'wrong_expected_version';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedVersion';
  }
}

/** An event with this idempotency key is already stored. */
export class DuplicateIdempotencyKey extends Error {
  readonly code = 'duplicate_idempotency_key';
  constructor(readonly key: string) {
    super(`An event with idempotency key ${key} is already stored`);
    this.name = 'DuplicateIdempotencyKey';
  }
}

/** Check an expected version against the stream's actual version (-1 = no stream). */
export const versionMatches = (expected: ExpectedVersion, actual: number): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
};
