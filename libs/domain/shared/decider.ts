import type { CommandMetadata, Event, PendingEvent } from './event';

/** A command: what someone asks for, with the business time it happened at. */
export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: CommandMetadata;
}

/** Pure decision logic of one stream type (Emmett-style decider). */
export interface Decider<State, C extends Command, E extends Event<string, unknown>> {
  decide(command: C, state: State): PendingEvent<E['type'], E['data']>[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

/** Fold events into state. */
export const fold = <State, E>(evolve: (s: State, e: E) => State, initial: State, events: Iterable<E>): State => {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
};
