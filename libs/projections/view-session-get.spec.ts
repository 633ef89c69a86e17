import { CachedViewSession } from './cached-view-session';
import { MemoryViewStore } from './memory/memory-view-store';
import { RebuildViewSession } from './rebuild-view-session';
import { andThen, REBUILDING, type ViewDefinition } from './view-store.port';

const counters: ViewDefinition<{ n: number }> = { name: 'counters', columns: {}, index: () => ({}) };

/** Rows the sessions hold come back as values (no promise, no microtask); only store reads are promises. */
describe('ViewSession.get', () => {
  it('answers cached rows and known misses of a CachedViewSession at once, and store reads as a promise', async () => {
    const store = new MemoryViewStore();
    await store.commit('p', [{ view: counters, key: 'stored', row: { n: 7 } }], 1);
    const session = new CachedViewSession(store);
    session.put(counters, 'a', { n: 1 });
    expect(session.get(counters, 'a')).toEqual({ n: 1 });
    const read = session.get(counters, 'stored');
    expect(read).toBeInstanceOf(Promise);
    expect(await read).toEqual({ n: 7 });
    expect(session.get(counters, 'stored')).toEqual({ n: 7 });
    const miss = session.get(counters, 'nowhere');
    expect(miss).toBeInstanceOf(Promise);
    expect(await miss).toBeUndefined();
    expect(session.get(counters, 'nowhere')).toBeUndefined();
    expect(new CachedViewSession(store, true).get(counters, 'stored')).toBeUndefined();
  });

  it('answers rows in memory, evicted rows and never-written keys of a RebuildViewSession at once', async () => {
    const store = new MemoryViewStore();
    const session = new RebuildViewSession(store, { generation: 2, maxGeneration: 2 });
    for (const key of ['a', 'b', 'c', 'd']) session.put(counters, key, { n: 1 });
    expect(session.get(counters, 'd')).toEqual({ n: 1 });
    // 'a' was evicted by the rotation and not written yet.
    expect(session.get(counters, 'a')).toEqual({ n: 1 });
    expect(session.get(counters, 'never')).toBeUndefined();
    await store.commit('p', session.takeEvicted(), REBUILDING);
    for (const key of ['e', 'f', 'g', 'h']) session.put(counters, key, { n: 2 });
    await store.commit('p', session.takeEvicted(), REBUILDING);
    // Written to the store and evicted: read back, as a promise, once.
    const read = session.get(counters, 'b');
    expect(read).toBeInstanceOf(Promise);
    expect(await read).toEqual({ n: 1 });
    expect(session.get(counters, 'b')).toEqual({ n: 1 });
  });

  it('andThen goes on at once with a value and after the promise with a promise', async () => {
    const order: string[] = [];
    expect(andThen(1, (n) => (order.push('value'), n + 1))).toBe(2);
    const later = andThen(Promise.resolve(1), (n) => (order.push('promise'), n + 1));
    order.push('after');
    expect(await later).toBe(2);
    expect(order).toEqual(['value', 'after', 'promise']);
  });
});
