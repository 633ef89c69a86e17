/** Test fixtures for the customer projections: a log of events built like ingestion builds them. */
import { complaintStreamId } from '../../domain/complaint/events';
import { customerStreamId } from '../../domain/customer/events';
import { dataSchemaOf, type DomainEventType } from '../../domain/events';
import type { StoredEvent } from '../../event-store/event-store.port';
import { MemoryViewStore } from '../memory/memory-view-store';
import type { Projection, ViewChange, ViewDefinition, ViewSession } from '../view-store.port';

/** An append-only list of stored events; data goes through the event's zod schema (defaults applied). */
export class EventLog {
  readonly events: StoredEvent[] = [];
  private readonly versions = new Map<string, number>();

  add(type: DomainEventType, occurredAt: string, data: Record<string, unknown>): this {
    const parsed = dataSchemaOf(type).parse(data) as Record<string, string>;
    const streamId = type.startsWith('Complaint')
      ? complaintStreamId(parsed.complaintId)
      : customerStreamId(parsed.customerId);
    const streamVersion = (this.versions.get(streamId) ?? -1) + 1;
    this.versions.set(streamId, streamVersion);
    const globalPosition = this.events.length + 1;
    const at = new Date(occurredAt).toISOString();
    this.events.push({
      streamId,
      streamVersion,
      globalPosition,
      type,
      data: parsed,
      metadata: {
        eventId: `ev-${globalPosition}`,
        occurredAt: at,
        recordedAt: at,
        source: 'test',
        schemaVersion: 1,
      },
    });
    return this;
  }
}

/** Buffers one batch's writes; later reads see earlier writes. */
class BatchSession implements ViewSession {
  private readonly pending = new Map<string, ViewChange>();

  constructor(private readonly views: MemoryViewStore) {}

  async get<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    const change = this.pending.get(`${view.name}\u0000${key}`);
    if (change) return (change.row ?? undefined) as Row | undefined;
    return this.views.load(view, key);
  }

  put<Row>(view: ViewDefinition<Row>, key: string, row: Row): void {
    this.pending.set(`${view.name}\u0000${key}`, { view: view as ViewDefinition, key, row });
  }

  delete(view: ViewDefinition, key: string): void {
    this.pending.set(`${view.name}\u0000${key}`, { view, key, row: null });
  }

  changes(): ViewChange[] {
    return [...this.pending.values()];
  }
}

/** Project events into fresh in-memory views, committing every `batchSize` events. */
export const projectEvents = async (
  projection: Projection,
  events: readonly StoredEvent[],
  batchSize = events.length,
): Promise<MemoryViewStore> => {
  const views = new MemoryViewStore();
  await views.ensureViews(projection.views);
  for (let start = 0; start < events.length; start += Math.max(1, batchSize)) {
    const batch = events.slice(start, start + Math.max(1, batchSize));
    const session = new BatchSession(views);
    for (const event of batch) await projection.apply(event, session);
    await views.commit(projection.name, session.changes(), batch[batch.length - 1].globalPosition);
  }
  return views;
};
