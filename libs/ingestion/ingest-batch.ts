import { newEventId } from '../event-store/event-id';
import { DomainError, StreamNotFound } from '../domain/shared/domain-error';
import { fold } from '../domain/shared/decider';
import type { Event } from '../domain/shared/event';
import { toNewEvents } from '../event-store/handle-command';
import type { NewEvent, StreamAppend } from '../event-store/event-store.port';
import { idempotencyKeyOf } from '../integrations/envelope';
import { isOutcome, routeEnvelope, type RoutedCommand } from './envelope-command';
import { rejected, type IngestOutcome } from './ingest-outcome';
import type { ParkedItem } from './ingest-ledger.port';
import type { StreamState } from './stream-cache';

/** One stream's state while a batch is decided in memory. */
export interface StreamDraft {
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
  /** Every stream read for the batch, with its state including the batch's own events. */
  drafts: Map<string, StreamDraft>;
  /** Items decided: all of them, or (untilRejected) up to and including the first rejected one. */
  decided: number;
}

export interface BatchDeps {
  now: () => number;
  /** Stop at the first rejected item: the items after it are left undecided. */
  untilRejected?: boolean;
  /** The duplicate answers of the keys already stored or parked (one lookup for the whole batch). */
  findDuplicates(keys: string[]): Promise<Map<string, IngestOutcome>>;
  /** A stream's current state and version (-1: no events). */
  loadStream(routed: RoutedCommand): Promise<StreamState>;
  park(routed: RoutedCommand, key: string, eventId: string): Promise<IngestOutcome>;
  /** What is parked for a stream (one indexed lookup; usually nothing). */
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
  // Keys this batch has stored or parked: later items with the same key get this answer.
  const seen = new Map<string, IngestOutcome>();
  const unpark: ParkedItem[] = [];
  const deadLetters: BatchPlan['deadLetters'] = [];
  const routes = raws.map(routeEnvelope);
  const keys = routes.map((r) => (isOutcome(r) ? '' : idempotencyKeyOf(r.envelope)));
  // Looked up before the loop: what the batch itself stores or parks is in `seen`, checked first.
  const known = await deps.findDuplicates([...new Set(keys.filter(Boolean))]);

  let decided = 0;
  for (const [index, routed] of routes.entries()) {
    if (deps.untilRejected && index > 0 && outcomes.get(index - 1)?.status === 'rejected') break;
    decided = index + 1;
    if (isOutcome(routed)) {
      outcomes.set(index, routed);
      continue;
    }
    const key = keys[index];
    const duplicate = seen.get(key) ?? known.get(key);
    if (duplicate) {
      outcomes.set(index, duplicate);
      continue;
    }
    let draft = drafts.get(routed.streamId);
    if (!draft) {
      draft = { routed, ...(await deps.loadStream(routed)), events: [] };
      drafts.set(routed.streamId, draft);
    }
    const eventId = newEventId();
    const decision = decideInto(draft, routed, eventId, key, deps.now);
    if (decision.ok) {
      pending.push({ index, eventId, streamId: routed.streamId });
      seen.set(key, { status: 'duplicate', eventId, streamId: routed.streamId });
      // As one by one: what was parked for this complaint applies right after its raise.
      if (routed.command.type === 'RaiseComplaint') {
        for (const item of await deps.parkedFor(routed.streamId)) {
          if (await deps.isStored(item.idempotencyKey)) {
            unpark.push(item);
            continue;
          }
          const parked = routeEnvelope(item.envelope);
          if (isOutcome(parked)) continue;
          const applied = decideInto(draft, parked, item.eventId, item.idempotencyKey, deps.now);
          if (applied.ok) {
            unpark.push(item);
            seen.set(item.idempotencyKey, {
              status: 'duplicate',
              eventId: item.eventId,
              streamId: parked.streamId,
            });
          } else if (applied.error instanceof DomainError)
            deadLetters.push({ item, outcome: asRejected(applied.error) });
          else throw applied.error;
        }
      }
    } else if (decision.error instanceof StreamNotFound) {
      const outcome = await deps.park(routed, key, eventId);
      outcomes.set(index, outcome);
      if (outcome.status === 'accepted')
        seen.set(key, { status: 'duplicate', eventId, streamId: routed.streamId, parked: true });
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
  return { outcomes, pending, appends, unpark, deadLetters, drafts, decided };
};

const asRejected = (error: DomainError) =>
  rejected(error.code, error.message) as Extract<IngestOutcome, { status: 'rejected' }>;
