import type { ViewStore } from '../view-store.port';
import { C } from './sla-tally';
import { cellsOfMask, DAY_MS, slaCellsView, valueOfCuboid } from './sla-cells';
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

/** The first and last raise: the all-complaints cells give the first and last day, that day's rows the instant. */
const raiseSpan = async (views: ViewStore): Promise<{ first: number | null; last: number | null }> => {
  const days = (await views.query(slaCellsView, { where: [{ column: 'cuboid', op: '=', value: '0' }] })).map((c) => c.day);
  if (days.length === 0) return { first: null, last: null };
  const raisedOn = async (day: number): Promise<number[]> =>
    (
      await views.query(slaComplaintsView, {
        where: [
          { column: 'raised_at', op: '>=', value: day * DAY_MS },
          { column: 'raised_at', op: '<', value: (day + 1) * DAY_MS },
        ],
      })
    ).map((r) => r.raisedAt);
  const [first, last] = await Promise.all([raisedOn(Math.min(...days)), raisedOn(Math.max(...days))]);
  return { first: Math.min(...first), last: Math.max(...last) };
};

/** The categories, teams and channels complaints carry, and the span of raise times: what a filter can choose. */
export const slaFacets = async (views: ViewStore): Promise<SlaFacets> => {
  const [categories, teams, channels, span] = await Promise.all([
    countsOfMask(views, 1),
    countsOfMask(views, 2),
    countsOfMask(views, 4),
    raiseSpan(views),
  ]);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    categories: byCount(categories),
    teams: byCount(teams),
    channels: byCount(channels),
    firstRaisedAt: iso(span.first),
    lastRaisedAt: iso(span.last),
  };
};
