import { openSqlite } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { testEvent } from '../event-store/contract/event-store.contract';
import { StreamCache } from './stream-cache';

/** A decider whose state is the list of event types seen: enough to check what was folded. */
const counting = {
  initialState: () => [] as string[],
  evolve: (state: unknown, event: { type: string }) => [...(state as string[]), event.type],
  decide: () => [],
};
const routed = (streamId: string) => ({ streamId, decider: counting as never });

describe('StreamCache', () => {
  const db = openSqlite({ file: ':memory:' });
  const store = new SqliteEventStore(db);
  afterAll(() => db.close());

  it('reads a stream it does not hold in full, and only what was stored after a version it holds', async () => {
    const cache = new StreamCache();
    await store.append('s-1', [testEvent('A'), testEvent('B')], 'no_stream');
    expect(await cache.load(store, routed('s-1'))).toEqual({ state: ['A', 'B'], version: 1 });
    cache.remember('s-1', { state: ['cached'], version: 1 });
    expect(await cache.load(store, routed('s-1'))).toEqual({ state: ['cached'], version: 1 });
    await store.append('s-1', [testEvent('C')], 1);
    expect(await cache.load(store, routed('s-1'))).toEqual({ state: ['cached', 'C'], version: 2 });
    cache.forget('s-1');
    expect(await cache.load(store, routed('s-1'))).toEqual({ state: ['A', 'B', 'C'], version: 2 });
  });

  it('keeps no empty streams and drops the least recently remembered beyond its capacity', async () => {
    const cache = new StreamCache(2);
    cache.remember('none', { state: [], version: -1 });
    expect(cache.size).toBe(0);
    cache.remember('x', { state: ['x'], version: 0 });
    cache.remember('y', { state: ['y'], version: 0 });
    cache.remember('x', { state: ['x2'], version: 0 });
    cache.remember('z', { state: ['z'], version: 0 });
    expect(cache.size).toBe(2);
    // y was dropped: it is read from the store (where it has no events).
    expect(await cache.load(store, routed('y'))).toEqual({ state: [], version: -1 });
    expect(await cache.load(store, routed('x'))).toEqual({ state: ['x2'], version: 0 });
  });
});
