import { runViewStoreContract } from '../contract/view-store.contract';
import type { ViewDefinition } from '../view-store.port';
import { MemoryViewStore } from './memory-view-store';

runViewStoreContract('memory', async () => ({
  store: new MemoryViewStore(),
  cleanup: async () => undefined,
}));

describe('memory view store', () => {
  it('given a sharedRows view, when a reader changes a queried row, then it fails (the SQL stores share such rows)', async () => {
    const shared: ViewDefinition<{ n: number[] }> = { name: 'shared', columns: {}, index: () => ({}), sharedRows: true };
    const store = new MemoryViewStore();
    await store.commit('p', [{ view: shared as ViewDefinition, key: 'x', row: { n: [1] } }], 1);
    const [row] = await store.query(shared);
    expect(() => row.n.push(2)).toThrow(/not extensible/);
    expect((await store.load(shared, 'x'))?.n).toEqual([1]);
  });
});
