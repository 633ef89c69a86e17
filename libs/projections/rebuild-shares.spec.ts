import { rebuildShares } from './rebuild-shares';
import type { Projection } from './view-store.port';

const projection = (name: string, rebuildWeight?: number): Projection => ({
  name,
  ...(rebuildWeight === undefined ? {} : { rebuildWeight }),
  views: [],
  apply: () => undefined,
});
const names = (shares: Projection[][]): string[][] => shares.map((share) => share.map((p) => p.name));

describe('rebuildShares', () => {
  const sla = projection('sla', 4);
  const loyalty = projection('loyalty', 1.5);
  const satisfaction = projection('satisfaction', 1);
  const retention = projection('retention', 1.5);
  const all = [sla, loyalty, satisfaction, retention];

  it('given one thread, when shared out, then every projection is in the one share, in its order', () => {
    expect(names(rebuildShares(all, 1))).toEqual([['sla', 'loyalty', 'satisfaction', 'retention']]);
  });

  it('given two threads, when the heaviest weighs about as much as the rest, then it gets a thread of its own', () => {
    expect(names(rebuildShares(all, 2))).toEqual([['sla'], ['loyalty', 'satisfaction', 'retention']]);
  });

  it('given more threads than projections, when shared out, then one projection per thread and no empty share', () => {
    expect(names(rebuildShares(all, 8))).toEqual([['sla'], ['loyalty'], ['retention'], ['satisfaction']]);
  });

  it('given no weights, when shared out to two threads, then the projections alternate', () => {
    const plain = ['a', 'b', 'c', 'd', 'e'].map((name) => projection(name));
    expect(names(rebuildShares(plain, 2))).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
  });

  it('given nonsense thread counts, when shared out, then at least one share', () => {
    expect(names(rebuildShares(all, 0))).toHaveLength(1);
    expect(rebuildShares([], 2)).toEqual([]);
  });
});
