import { MemoryViewStore } from './memory/memory-view-store';
import { RebuildViewSession } from './rebuild-view-session';
import { REBUILDING, type ViewDefinition } from './view-store.port';

const counters: ViewDefinition<{ n: number }> = { name: 'counters', columns: {}, index: () => ({}) };

/** A memory store that counts loads: keys never written must not be looked up. */
class CountingStore extends MemoryViewStore {
  loads: string[] = [];
  override async load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    this.loads.push(key);
    return super.load(view, key);
  }
}

describe('RebuildViewSession', () => {
  it('keeps rows in use, evicts rows left untouched for a generation, and reads them back once written', async () => {
    const store = new CountingStore();
    const session = new RebuildViewSession(store, { generation: 2, maxGeneration: 2 });
    session.put(counters, 'a', { n: 1 });
    session.put(counters, 'b', { n: 1 });
    session.put(counters, 'c', { n: 1 });
    session.put(counters, 'd', { n: 1 });
    expect(session.evictedRows).toBe(2);
    // An evicted row not written yet comes straight back.
    expect(await session.get(counters, 'a')).toEqual({ n: 1 });
    session.put(counters, 'a', { n: 2 });
    await store.commit('p', session.takeEvicted(), REBUILDING);
    expect(await store.load(counters, 'b')).toEqual({ n: 1 });
    store.loads = [];
    expect(await session.get(counters, 'never')).toBeUndefined();
    expect(store.loads).toEqual([]);
    session.put(counters, 'e', { n: 1 });
    session.put(counters, 'f', { n: 1 });
    session.put(counters, 'g', { n: 1 });
    expect(await session.get(counters, 'b')).toEqual({ n: 1 });
    expect(store.loads).toEqual(['b']);
    session.delete(counters, 'b');
    session.delete(counters, 'never');
    await store.commit('p', session.takeChanges(), 9);
    expect(await store.count(counters)).toBe(6);
    expect(await store.load(counters, 'b')).toBeUndefined();
    expect(await store.load(counters, 'a')).toEqual({ n: 2 });
    expect(session.takeChanges()).toEqual([]);
  });

  it('keeps an old row young again when it is read or written, and evicts only rows left alone', async () => {
    const store = new CountingStore();
    const session = new RebuildViewSession(store, { generation: 2, maxGeneration: 2 });
    session.put(counters, 'a', { n: 1 });
    session.put(counters, 'b', { n: 1 }); // rotation: a and b are old
    expect(await session.get(counters, 'a')).toEqual({ n: 1 }); // a young again
    session.put(counters, 'c', { n: 1 }); // rotation: b evicted; a and c old
    expect(session.evictedRows).toBe(1);
    session.put(counters, 'c', { n: 2 }); // c young again
    session.put(counters, 'd', { n: 1 }); // rotation: a evicted; c and d old
    expect(session.evictedRows).toBe(2);
    expect(session.takeEvicted()).toEqual([
      { view: counters, key: 'a', row: { n: 1 } },
      { view: counters, key: 'b', row: { n: 1 } },
    ]);
    expect(session.takeChanges()).toEqual([
      { view: counters, key: 'c', row: { n: 2 } },
      { view: counters, key: 'd', row: { n: 1 } },
    ]);
    expect(store.loads).toEqual([]);
  });
});
