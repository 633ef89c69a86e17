import {
  DuplicateIdempotencyKey,
  WrongExpectedVersion,
  versionMatches,
  type ExpectedVersion,
} from '../event-store.port';
import { writeLocked, type SqliteDb } from './sqlite-database';

/** One event as the writer inserts it, serialised by the caller: event id, type, data, metadata, recorded at (epoch ms), idempotency key. */
export type AppendRow = [eventId: string, type: string, data: string, metadata: string, recordedAt: number, idempotencyKey: string | null];

/** One stream's part of an append. */
export interface StreamWrite {
  streamId: string;
  expectedVersion: ExpectedVersion;
  rows: AppendRow[];
}

/** One caller's append (one stream, or several with `appendMany`): stored all or nothing. */
export type MemberWrite = StreamWrite[];

/** What was stored for one stream: its version before the append and each event's global position. */
export interface StreamWritten {
  from: number;
  positions: number[];
}

export type MemberOutcome = { written: StreamWritten[] } | { error: unknown };

/** Writes a group of appends in one transaction: each member succeeds or fails alone, all share one commit (and sync). */
export type GroupWriter = (group: MemberWrite[]) => MemberOutcome[];

/** A UNIQUE violation on the idempotency key column (the key's event is already stored). */
const isDuplicateKey = (error: unknown): boolean =>
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && (error as Error).message.includes('events.idempotency_key');

/**
 * The group commit's writes on one connection (the store's own, or a writer thread's). A lone
 * append runs in its own immediate transaction; a group in one, each member in a savepoint. A
 * known idempotency key is caught by the column's UNIQUE index rather than looked up first.
 */
export const groupWriter = (db: SqliteDb): GroupWriter => {
  const versionOf = db.prepare<[string], number | null>('SELECT MAX(stream_version) FROM events WHERE stream_id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const writeStream = ({ streamId, expectedVersion, rows }: StreamWrite): StreamWritten => {
    const actual = versionOf.get(streamId) ?? -1;
    if (!versionMatches(expectedVersion, actual)) throw new WrongExpectedVersion(streamId, expectedVersion, actual);
    const positions = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [eventId, type, data, metadata, recordedAt, key] = rows[i];
      try {
        positions[i] = Number(insert.run(streamId, actual + 1 + i, eventId, type, data, metadata, recordedAt, key).lastInsertRowid);
      } catch (error) {
        if (key !== null && isDuplicateKey(error)) throw new DuplicateIdempotencyKey(key);
        throw error;
      }
    }
    return { from: actual, positions };
  };
  // Built once: better-sqlite3 wraps the function per call otherwise. Nested in the group's transaction, it is a savepoint.
  const member = db.transaction((streams: MemberWrite) => streams.map(writeStream));
  const group = db.transaction((members: MemberWrite[]) =>
    members.map((streams): MemberOutcome => {
      try {
        return { written: member(streams) };
      } catch (error) {
        // An error that ended the whole transaction (disk full, I/O) leaves nothing of the group stored.
        if (!db.inTransaction) throw error;
        return { error };
      }
    }),
  );
  const write: GroupWriter = (members) => {
    try {
      return members.length === 1 ? [{ written: member.immediate(members[0]) }] : group.immediate(members);
    } catch (error) {
      // A lone append's own failure, or the group's BEGIN/COMMIT failing: nothing of it is stored.
      return members.map(() => ({ error }));
    }
  };
  return (members) => writeLocked(db, () => write(members));
};
