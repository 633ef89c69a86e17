import type { Projection } from './view-store.port';

/**
 * Share projections out to at most `threads` parallel rebuilds of about equal total weight
 * (`rebuildWeight`, default 1): heaviest first, each to the lightest share so far. Every share
 * reads the whole log once, so there are never more shares than projections, and none is empty.
 */
export const rebuildShares = (projections: Projection[], threads: number): Projection[][] => {
  const count = Math.max(1, Math.min(Math.floor(threads), projections.length));
  const shares = Array.from({ length: count }, () => ({ weight: 0, projections: [] as Projection[] }));
  const byWeight = projections
    .map((projection, order) => ({ projection, order, weight: projection.rebuildWeight ?? 1 }))
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const { projection, weight } of byWeight) {
    const lightest = shares.reduce((min, share) => (share.weight < min.weight ? share : min));
    lightest.projections.push(projection);
    lightest.weight += weight;
  }
  // Each share keeps the projections' own order (the order they are listed in), whatever their weights.
  return shares
    .filter((share) => share.projections.length > 0)
    .map((share) => share.projections.sort((a, b) => projections.indexOf(a) - projections.indexOf(b)));
};
