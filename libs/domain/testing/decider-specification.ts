import type { Command, Decider } from '../shared/decider';
import { fold } from '../shared/decider';
import type { Event, EventMetadata, PendingEvent } from '../shared/event';

/** Complete an event for a test: only the business time matters to rules. */
export const at = <T extends string, D>(occurredAt: string, type: T, data: D): Event<T, D> => ({
  type,
  data,
  metadata: {
    eventId: `${type}-${occurredAt}`,
    occurredAt: new Date(occurredAt).toISOString(),
    recordedAt: new Date(occurredAt).toISOString(),
    source: 'test',
    schemaVersion: 1,
  } satisfies EventMetadata,
});

/** given(events).when(command).then(events) / .thenThrows(code) over a decider (Emmett-style). */
export const deciderSpecification =
  <State, C extends Command, E extends Event<string, unknown>>(decider: Decider<State, C, E>) =>
  (given: E[]) => ({
    when: (command: C) => {
      const run = (): PendingEvent[] => decider.decide(command, fold(decider.evolve, decider.initialState(), given));
      return {
        then: (expected: PendingEvent[]) => expect(run()).toEqual(expected),
        thenThrows: (code: string) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toMatchObject({ code });
        },
      };
    },
  });
