import { CachedViewSession } from './cached-view-session';
import { MemoryViewStore } from './memory/memory-view-store';
import type { ViewDefinition } from './view-store.port';

const counters: ViewDefinition<{ n: number }> = { name: 'counters', columns: {}, index: () => ({}) };

describe('CachedViewSession', () => {
  it('hands over only the rows written since the last takeChanges, each once, last write winning', async () => {
    const session = new CachedViewSession(new MemoryViewStore(), true);
    session.put(counters, 'a', { n: 1 });
    session.put(counters, 'b', { n: 1 });
    session.put(counters, 'a', { n: 2 });
    expect(session.takeChanges().map((c) => [c.key, c.row])).toEqual([
      ['a', { n: 2 }],
      ['b', { n: 1 }],
    ]);
    expect(session.takeChanges()).toEqual([]);
    session.delete(counters, 'b');
    expect(session.takeChanges().map((c) => [c.key, c.row])).toEqual([['b', null]]);
    expect(await session.get(counters, 'a')).toEqual({ n: 2 });
  });

  it('trims the rows cached longest ago down to three quarters of its bound, never unwritten ones', async () => {
    const store = new MemoryViewStore();
    await store.commit('p', [{ view: counters, key: 'k0', row: { n: 0 } }], 1);
    const session = new CachedViewSession(store, false, 8);
    for (let i = 0; i < 10; i++) session.put(counters, `k${i}`, { n: i });
    session.takeChanges();
    session.put(counters, 'k0', { n: 100 });
    session.trim();
    // k0 is dirty again and stays; k1…k4 (the oldest clean rows) are forgotten, leaving six.
    expect(session.takeChanges().map((c) => c.key)).toEqual(['k0']);
    expect(await session.get(counters, 'k1')).toBeUndefined();
    expect(await session.get(counters, 'k4')).toBeUndefined();
    expect(await session.get(counters, 'k5')).toEqual({ n: 5 });
  });
});
