import type { ViewStore } from '../view-store.port';
import { slaComplaintsView } from './sla-row';
import type { SlaFacets } from './sla-schemas';

const byCount = (counts: Map<string, number>) =>
  [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

/** The categories, teams and channels complaints carry, and the span of raise times: what a filter can choose. */
export const slaFacets = async (views: ViewStore): Promise<SlaFacets> => {
  const categories = new Map<string, number>();
  const teams = new Map<string, number>();
  const channels = new Map<string, number>();
  let first: number | null = null;
  let last: number | null = null;
  for (const row of await views.query(slaComplaintsView)) {
    categories.set(row.category, (categories.get(row.category) ?? 0) + 1);
    channels.set(row.channel, (channels.get(row.channel) ?? 0) + 1);
    if (row.team !== null) teams.set(row.team, (teams.get(row.team) ?? 0) + 1);
    first = first === null ? row.raisedAt : Math.min(first, row.raisedAt);
    last = last === null ? row.raisedAt : Math.max(last, row.raisedAt);
  }
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    categories: byCount(categories),
    teams: byCount(teams),
    channels: byCount(channels),
    firstRaisedAt: iso(first),
    lastRaisedAt: iso(last),
  };
};
