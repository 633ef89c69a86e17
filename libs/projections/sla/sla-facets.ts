import type { ViewStore } from '../view-store.port';
import { C } from './sla-tally';
import { cellsOfMask, slaCellsView, valueOfCuboid } from './sla-cells';
import { slaComplaintsView } from './sla-row';
import type { SlaFacets } from './sla-schemas';

const byCount = (counts: Map<string, number>) =>
  [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

/** Complaints per value of one dimension, from its single-dimension summary cells (mask: sla-cells.ts). */
const countsOfMask = async (views: ViewStore, mask: number): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  for (const cell of await views.query(slaCellsView, { where: cellsOfMask(mask) })) {
    const value = valueOfCuboid(cell.cuboid);
    counts.set(value, (counts.get(value) ?? 0) + cell.n[C.complaints]);
  }
  return counts;
};

/** The categories, teams and channels complaints carry, and the span of raise times: what a filter can choose. */
export const slaFacets = async (views: ViewStore): Promise<SlaFacets> => {
  const [categories, teams, channels, first, last] = await Promise.all([
    countsOfMask(views, 1),
    countsOfMask(views, 2),
    countsOfMask(views, 4),
    views.query(slaComplaintsView, { orderBy: [{ column: 'raised_at', direction: 'asc' }], limit: 1 }),
    views.query(slaComplaintsView, { orderBy: [{ column: 'raised_at', direction: 'desc' }], limit: 1 }),
  ]);
  const iso = (rows: Array<{ raisedAt: number }>) => (rows.length === 0 ? null : new Date(rows[0].raisedAt).toISOString());
  return {
    categories: byCount(categories),
    teams: byCount(teams),
    channels: byCount(channels),
    firstRaisedAt: iso(first),
    lastRaisedAt: iso(last),
  };
};
