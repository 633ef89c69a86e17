import { newEventId } from './event-id';
import type { Command, Decider } from '../domain/shared/decider';
import { fold } from '../domain/shared/decider';
import type { Event, PendingEvent } from '../domain/shared/event';
import { CURRENT_SCHEMA_VERSION } from '../domain/events';
import { WrongExpectedVersion, type AppendResult, type EventStore, type NewEvent } from './event-store.port';

export interface HandleOptions {
  /** Wall clock for `recordedAt`: the only clock on the write path. */
  now?: () => number;
  /** Ids for the emitted events, in order (e.g. assigned at ingestion so a parked event keeps its id). */
  eventIds?: string[];
  /** Idempotency key stored with the first emitted event. */
  idempotencyKey?: string;
  maxRetries?: number;
}

/** Complete the events a decider emitted: ids, business and record times, provenance, schema version. */
export const toNewEvents = (
  pending: PendingEvent[],
  command: Command,
  options: Pick<HandleOptions, 'eventIds' | 'idempotencyKey'> & { now: () => number },
): NewEvent[] => {
  const recordedAt = new Date(options.now()).toISOString();
  const occurredAt = new Date(command.metadata.occurredAt).toISOString();
  const { source, sourceEventId, actor, correlationId, causationId } = command.metadata;
  return pending.map((event, i) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: options.eventIds?.[i] ?? newEventId(),
      occurredAt,
      recordedAt,
      source,
      ...(sourceEventId ? { sourceEventId } : {}),
      ...(actor ? { actor } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...(causationId ? { causationId } : {}),
      schemaVersion: CURRENT_SCHEMA_VERSION,
    },
    ...(i === 0 && options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  }));
};

/** A stream's current state (folded by the decider) and version (-1 when it has no events). */
export const loadStream = async <State, E extends Event<string, unknown>>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<State, Command, E>, 'evolve' | 'initialState'>,
): Promise<{ state: State; version: number }> => {
  const history = await store.readStream(streamId);
  return {
    state: fold(decider.evolve, decider.initialState(), history as unknown as E[]),
    version: history.length > 0 ? history[history.length - 1].streamVersion : -1,
  };
};

export interface HandleResult<State> extends AppendResult {
  state: State;
}

/**
 * The one command path: load the stream, fold it, decide, append with the expected version;
 * on a concurrent write, reload and decide again, a bounded number of times.
 */
export const handleCommand = async <State, C extends Command, E extends Event<string, unknown>>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, C, E>,
  command: C,
  options: HandleOptions = {},
): Promise<HandleResult<State>> => {
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const { state, version } = await loadStream(store, streamId, decider);
    const pending = decider.decide(command, state);
    const events = toNewEvents(pending, command, { ...options, now });
    try {
      const result = await store.append(streamId, events, version === -1 ? 'no_stream' : version);
      const newState = fold(decider.evolve, state, result.events as unknown as E[]);
      return { ...result, state: newState };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= maxRetries) throw error;
    }
  }
};
