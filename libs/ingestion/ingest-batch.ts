import { newEventId } from '../event-store/event-id';
import { DomainError, StreamNotFound } from '../domain/shared/domain-error';
import { fold } from '../domain/shared/decider';
import type { Event } from '../domain/shared/event';
import { loadStream, toNewEvents } from '../event-store/handle-command';
import type { EventStore, NewEvent, StreamAppend } from '../event-store/event-store.port';
import { idempotencyKeyOf } from '../integrations/envelope';
import { isOutcome, routeEnvelope, type RoutedCommand } from './envelope-command';
import { rejected, type IngestOutcome } from './ingest-outcome';
import type { ParkedItem } from './ingest-ledger.port';

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
  /** Parked items applied right after their raise: unpark them once the append is stored. */
  unpark: ParkedItem[];
  /** Parked items their raise made fail a rule: dead-letter them once the append is stored. */
  deadLetters: Array<{ item: ParkedItem; outcome: Extract<IngestOutcome, { status: 'rejected' }> }>;
}

export interface BatchDeps {
  store: EventStore;
  now: () => number;
  /** Already stored or parked under this key? Returns the duplicate answer. */
  findDuplicate(key: string): Promise<IngestOutcome | null>;
  park(routed: RoutedCommand, key: string, eventId: string): Promise<IngestOutcome>;
  parkedStreams(): Promise<string[]>;
  parkedFor(streamId: string): Promise<ParkedItem[]>;
  isStored(idempotencyKey: string): Promise<boolean>;
}

type Decision = { ok: true } | { ok: false; error: unknown };

/** Decide one command against a draft; on success the draft holds its events. */
const decideInto = (
  draft: StreamDraft,
  routed: RoutedCommand,
  eventId: string,
  key: string,
  now: () => number,
): Decision => {
  try {
    const decided = routed.decider.decide(routed.command, draft.state);
    const events = toNewEvents(decided, routed.command, { now, eventIds: [eventId], idempotencyKey: key });
    draft.state = fold(routed.decider.evolve, draft.state, events as unknown as Event<string, unknown>[]);
    draft.events.push(...events);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
};

/**
 * Decide a whole batch in memory, stream by stream, in item order: each stream is read once and
 * every accepted item's events go into one multi-stream append.
 */
export const planBatch = async (raws: unknown[], deps: BatchDeps): Promise<BatchPlan> => {
  const outcomes = new Map<number, IngestOutcome>();
  const drafts = new Map<string, StreamDraft>();
  const pending: PendingItem[] = [];
  const seen = new Map<string, { eventId: string; streamId: string }>();
  const parkedStreams = new Set(await deps.parkedStreams());
  const unpark: ParkedItem[] = [];
  const deadLetters: BatchPlan['deadLetters'] = [];

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
    const eventId = newEventId();
    const decision = decideInto(draft, routed, eventId, key, deps.now);
    if (decision.ok) {
      pending.push({ index, eventId, streamId: routed.streamId });
      seen.set(key, { eventId, streamId: routed.streamId });
      // As one by one: what was parked for this complaint applies right after its raise.
      if (routed.command.type === 'RaiseComplaint' && parkedStreams.has(routed.streamId)) {
        for (const item of await deps.parkedFor(routed.streamId)) {
          if (await deps.isStored(item.idempotencyKey)) {
            unpark.push(item);
            continue;
          }
          const parked = routeEnvelope(item.envelope);
          if (isOutcome(parked)) continue;
          const applied = decideInto(draft, parked, item.eventId, item.idempotencyKey, deps.now);
          if (applied.ok) unpark.push(item);
          else if (applied.error instanceof DomainError)
            deadLetters.push({ item, outcome: asRejected(applied.error) });
          else throw applied.error;
        }
      }
    } else if (decision.error instanceof StreamNotFound) {
      const outcome = await deps.park(routed, key, eventId);
      outcomes.set(index, outcome);
      if (outcome.status === 'accepted') {
        seen.set(key, { eventId, streamId: routed.streamId });
        parkedStreams.add(routed.streamId);
      }
    } else if (decision.error instanceof DomainError) {
      outcomes.set(index, asRejected(decision.error));
    } else {
      throw decision.error;
    }
  }
  const appends = [...drafts.entries()]
    .filter(([, d]) => d.events.length > 0)
    .map(([streamId, d]) => ({
      streamId,
      events: d.events,
      expectedVersion: d.version === -1 ? ('no_stream' as const) : d.version,
    }));
  return { outcomes, pending, appends, unpark, deadLetters };
};

const asRejected = (error: DomainError) =>
  rejected(error.code, error.message) as Extract<IngestOutcome, { status: 'rejected' }>;

const loadDraft = async (store: EventStore, routed: RoutedCommand): Promise<StreamDraft> => ({
  routed,
  ...(await loadStream(store, routed.streamId, routed.decider)),
  events: [],
});
