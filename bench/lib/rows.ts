import type { NewEvent } from '../../libs/event-store/event-store.port';

/** An event as the bare-library limit rows write it: the exact column values Tenfold's events table holds. */
export type SerializedRow = [
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: number,
  idempotencyKey: string | null,
];

export const serializeRow = (streamId: string, streamVersion: number, event: NewEvent): SerializedRow => [
  streamId,
  streamVersion,
  event.metadata.eventId,
  event.type,
  JSON.stringify(event.data),
  JSON.stringify(event.metadata),
  Date.parse(event.metadata.recordedAt),
  event.idempotencyKey ?? null,
];

/** Column list of Tenfold's events table (both adapters), in SerializedRow order. */
export const EVENT_COLUMNS = 'stream_id, stream_version, event_id, type, data, metadata, recorded_at, idempotency_key';

/** A batch of the workload appended as one call: one fresh stream, expected version "no stream". */
export interface Batch {
  streamId: string;
  events: NewEvent[];
  rows: SerializedRow[];
}

/** Cut events into batches of `size`, each to its own new stream. */
export const toBatches = (events: NewEvent[], size: number, prefix: string): Batch[] => {
  const batches: Batch[] = [];
  for (let i = 0; i + size <= events.length; i += size) {
    const streamId = `${prefix}-${size}-${i / size}`;
    const slice = events.slice(i, i + size);
    batches.push({ streamId, events: slice, rows: slice.map((e, v) => serializeRow(streamId, v, e)) });
  }
  return batches;
};
