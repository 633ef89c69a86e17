import type { MessagePort } from 'node:worker_threads';
import { DuplicateIdempotencyKey, WrongExpectedVersion, type ExpectedVersion } from '../event-store.port';
import type { MemberOutcome, MemberWrite, StreamWritten } from './sqlite-group-writer';

/** What the writer thread is given at start: the file (already migrated) and its sync mode. */
export interface WriterThreadData {
  file: string;
  synchronous: 'full' | 'normal';
  /** Told `{ type: 'appended' }` after every commit that stored events (e.g. a projector thread's port). */
  appended?: MessagePort;
  /** The process's write lock for the file (see `ThreadWriteLock`). */
  writeLock?: SharedArrayBuffer;
}

/** A failed member as it crosses threads (errors lose their class in a structured clone). */
export type WriteFailure =
  | { kind: 'version'; streamId: string; expected: ExpectedVersion; actual: number }
  | { kind: 'duplicate'; key: string }
  | { kind: 'error'; name: string; message: string; code?: string };

export type WireOutcome = { written: StreamWritten[] } | { failed: WriteFailure };

/** Caller → writer thread. */
export type ToWriterThread = { type: 'write'; id: number; group: MemberWrite[] } | { type: 'close' };

/** Writer thread → caller: one outcome per member, in order. */
export type FromWriterThread = { type: 'written'; id: number; outcomes: WireOutcome[] } | { type: 'closed' };

export const failureOf = (error: unknown): WriteFailure => {
  if (error instanceof WrongExpectedVersion)
    return { kind: 'version', streamId: error.streamId, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateIdempotencyKey) return { kind: 'duplicate', key: error.key };
  const { name = 'Error', message = String(error), code } = (error ?? {}) as { name?: string; message?: string; code?: unknown };
  return { kind: 'error', name, message, ...(typeof code === 'string' ? { code } : {}) };
};

export const errorOf = (failure: WriteFailure): Error => {
  if (failure.kind === 'version') return new WrongExpectedVersion(failure.streamId, failure.expected, failure.actual);
  if (failure.kind === 'duplicate') return new DuplicateIdempotencyKey(failure.key);
  return Object.assign(new Error(failure.message), { name: failure.name, ...(failure.code ? { code: failure.code } : {}) });
};

export const toWire = (outcome: MemberOutcome): WireOutcome =>
  'written' in outcome ? outcome : { failed: failureOf(outcome.error) };

export const fromWire = (outcome: WireOutcome): MemberOutcome =>
  'written' in outcome ? outcome : { error: errorOf(outcome.failed) };
