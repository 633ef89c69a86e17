import { randomUUID } from 'node:crypto';
import { DomainError, StreamNotFound } from '../domain/shared/domain-error';
import { fold } from '../domain/shared/decider';
import type { Event } from '../domain/shared/event';
import { toNewEvents } from '../event-store/handle-command';
import type { EventStore, NewEvent, StreamAppend } from '../event-store/event-store.port';
import { idempotencyKeyOf } from '../integrations/envelope';
import { isOutcome, routeEnvelope, type RoutedCommand } from './envelope-command';
import { rejected, type IngestOutcome } from './ingest-outcome';

/** One stream's state while a batch is decided in memory. */
interface StreamDraft {
  routed: RoutedCommand;
  state: unknown;
  version: number;
  events: NewEvent[];
}

/** An item decided in memory, waiting for the batch's single append. */
interface PendingItem {
  index: number;
  eventId: string;
  streamId: string;
}

export interface BatchPlan {
  /** Final outcomes (rejected, duplicate, parked) by item index; pending items are absent. */
  outcomes: Map<number, IngestOutcome>;
  pending: PendingItem[];
  appends: StreamAppend[];
  /** Complaint streams raised by this batch: their parked events can be drained after the append. */
  raised: string[];
}

export interface BatchDeps {
  store: EventStore;
  now: () => number;
  /** Already stored or parked under this key? Returns the duplicate answer. */
  findDuplicate(key: string): Promise<IngestOutcome | null>;
  park(routed: RoutedCommand, key: string, eventId: string): Promise<IngestOutcome>;
}

/**
 * Decide a whole batch in memory, stream by stream, in item order: each stream is read once and
 * every accepted item's events go into one multi-stream append.
 */
export const planBatch = async (raws: unknown[], deps: BatchDeps): Promise<BatchPlan> => {
  const outcomes = new Map<number, IngestOutcome>();
  const drafts = new Map<string, StreamDraft>();
  const pending: PendingItem[] = [];
  const seen = new Map<string, { eventId: string; streamId: string }>();
  const raised: string[] = [];

  for (const [index, raw] of raws.entries()) {
    const routed = routeEnvelope(raw);
    if (isOutcome(routed)) {
      outcomes.set(index, routed);
      continue;
    }
    const key = idempotencyKeyOf(routed.envelope);
    const earlier = seen.get(key);
    if (earlier) {
      outcomes.set(index, { status: 'duplicate', ...earlier });
      continue;
    }
    const duplicate = await deps.findDuplicate(key);
    if (duplicate) {
      outcomes.set(index, duplicate);
      continue;
    }
    const draft = drafts.get(routed.streamId) ?? (await loadDraft(deps.store, routed));
    drafts.set(routed.streamId, draft);
    const eventId = randomUUID();
    try {
      const decided = routed.decider.decide(routed.command, draft.state);
      const events = toNewEvents(decided, routed.command, { now: deps.now, eventIds: [eventId], idempotencyKey: key });
      draft.state = fold(routed.decider.evolve, draft.state, events as unknown as Event<string, unknown>[]);
      draft.events.push(...events);
      pending.push({ index, eventId, streamId: routed.streamId });
      seen.set(key, { eventId, streamId: routed.streamId });
      if (routed.command.type === 'RaiseComplaint') raised.push(routed.streamId);
    } catch (error) {
      if (error instanceof StreamNotFound) {
        const outcome = await deps.park(routed, key, eventId);
        outcomes.set(index, outcome);
        if (outcome.status === 'accepted') seen.set(key, { eventId, streamId: routed.streamId });
      } else if (error instanceof DomainError) {
        outcomes.set(index, rejected(error.code, error.message));
      } else {
        throw error;
      }
    }
  }
  const appends = [...drafts.entries()]
    .filter(([, d]) => d.events.length > 0)
    .map(([streamId, d]) => ({ streamId, events: d.events, expectedVersion: d.version === -1 ? ('no_stream' as const) : d.version }));
  return { outcomes, pending, appends, raised };
};

const loadDraft = async (store: EventStore, routed: RoutedCommand): Promise<StreamDraft> => {
  const history = await store.readStream(routed.streamId);
  return {
    routed,
    state: fold(routed.decider.evolve, routed.decider.initialState(), history as unknown as Event<string, unknown>[]),
    version: history.length > 0 ? history[history.length - 1].streamVersion : -1,
    events: [],
  };
};
