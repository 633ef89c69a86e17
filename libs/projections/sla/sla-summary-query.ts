import type { Condition, ViewStore } from '../view-store.port';
import {
  CELL_DIMENSIONS,
  CUBOID_MASKS,
  cuboidOf,
  DAY_MS,
  dayOf,
  durationBin,
  slaCellsView,
  slaDurationsView,
  type CellDimension,
} from './sla-cells';
import { conditionsOf, type SlaFilter } from './sla-filter';
import { slaComplaintsView, type SlaRow } from './sla-row';
import type { SlaSummary } from './sla-schemas';
import { rowState, summarizeSlaUntil, tallyRows } from './sla-summary';
import { addCounts, countsOf, middleRanks, summaryOf } from './sla-tally';

/** The cuboid mask a filter can be answered from (null: it fixes a customer or more than two dimensions). */
const maskOf = (filter: SlaFilter): number | null => {
  if (filter.customerId !== undefined) return null;
  let mask = 0;
  CELL_DIMENSIONS.forEach((dimension, i) => {
    if (filter[dimension] !== undefined) mask |= 1 << i;
  });
  return CUBOID_MASKS.includes(mask) ? mask : null;
};

const matchesDimensions = (row: SlaRow, filter: SlaFilter): boolean =>
  CELL_DIMENSIONS.every((d: CellDimension) => filter[d] === undefined || row[d] === filter[d]);

/**
 * The SLA summary at `now` and until when it holds — exactly `summarizeSlaUntil` over the rows the
 * filter matches — without reading every row: the precomputed cells of the whole UTC days of
 * raise the filter covers, the rows of the partial days at its edges, and a recount of the few
 * rows whose tier or breaches still move at `now` (settle_at ≥ now). The median comes from the
 * cells' histograms and the exact resolution times of the one or two bins holding the middle.
 * Filters by customer or by more than two of category/team/channel/severity read their rows.
 */
export const slaSummaryUntil = async (
  views: ViewStore,
  filter: SlaFilter,
  now: number,
  unitCost: number,
): Promise<{ summary: SlaSummary; validUntil: number }> => {
  const mask = maskOf(filter);
  const firstDay = filter.from === undefined ? Number.NEGATIVE_INFINITY : Math.ceil(filter.from / DAY_MS);
  const endDay = filter.to === undefined ? Number.POSITIVE_INFINITY : Math.floor(filter.to / DAY_MS);
  if (mask === null || firstDay >= endDay) {
    return summarizeSlaUntil(await views.query(slaComplaintsView, { where: conditionsOf(filter) }), now, unitCost);
  }
  const cuboid = cuboidOf(mask, CELL_DIMENSIONS.map((d) => filter[d])) as string;
  const days: Condition[] = [];
  if (Number.isFinite(firstDay)) days.push({ column: 'day', op: '>=', value: firstDay });
  if (Number.isFinite(endDay)) days.push({ column: 'day', op: '<', value: endDay });

  const edges: Array<Promise<SlaRow[]>> = [];
  if (filter.from !== undefined && firstDay * DAY_MS > filter.from)
    edges.push(views.query(slaComplaintsView, { where: conditionsOf({ ...filter, to: firstDay * DAY_MS }) }));
  if (filter.to !== undefined && endDay * DAY_MS < filter.to)
    edges.push(views.query(slaComplaintsView, { where: conditionsOf({ ...filter, from: endDay * DAY_MS }) }));
  const [cells, live, ...edgeRows] = await Promise.all([
    views.query(slaCellsView, { where: [{ column: 'cuboid', op: '=', value: cuboid }, ...days] }),
    views.query(slaComplaintsView, { where: [{ column: 'settle_at', op: '>=', value: now }] }),
    ...edges,
  ]);

  // The edges count exactly as the reference does; the whole days start from their cells.
  const edge = tallyRows(edgeRows.flat(), now);
  const tally = edge.tally;
  let validUntil = edge.validUntil;
  const counts = tally.counts;
  const bins = new Map<number, number>();
  for (const cell of cells) {
    addCounts(counts, cell.n, 1);
    const h = cell.h;
    for (let i = 0; i < h.length; i++) if (h[i] !== 0) bins.set(i - 1, (bins.get(i - 1) ?? 0) + h[i]);
  }
  for (const row of live) {
    const day = dayOf(row.raisedAt);
    if (day < firstDay || day >= endDay || !matchesDimensions(row, filter)) continue;
    const state = rowState(row, now);
    if (state.nextDeadlineAt !== null && state.nextDeadlineAt < validUntil) validUntil = state.nextDeadlineAt;
    addCounts(counts, countsOf(row, rowState(row, Number.POSITIVE_INFINITY)), -1);
    addCounts(counts, countsOf(row, state), 1);
  }

  const edgeDurations = tally.durations ?? [];
  for (const ms of edgeDurations) bins.set(durationBin(ms), (bins.get(durationBin(ms)) ?? 0) + 1);
  let resolved = 0;
  for (const count of bins.values()) resolved += count;
  const ranks = middleRanks(resolved);
  const middle = ranks.length === 0 ? null : await valuesAtRanks(views, filter, days, bins, edgeDurations, ranks);
  return { summary: summaryOf(counts, middle, now, unitCost), validUntil };
};

/** The exact resolution times at the given ranks: find each rank's bin, then sort that bin's values. */
const valuesAtRanks = async (
  views: ViewStore,
  filter: SlaFilter,
  days: Condition[],
  bins: Map<number, number>,
  edgeDurations: number[],
  ranks: number[],
): Promise<number[]> => {
  const ordered = [...bins.keys()].sort((a, b) => a - b);
  const sortedBins = new Map<number, number[]>();
  const valuesOf = async (bin: number): Promise<number[]> => {
    const known = sortedBins.get(bin);
    if (known) return known;
    const rows = await views.query(slaDurationsView, { where: [{ column: 'bin', op: '=', value: bin }, ...days] });
    const values = edgeDurations.filter((ms) => durationBin(ms) === bin);
    const anyDimension = CELL_DIMENSIONS.some((d) => filter[d] !== undefined);
    for (const row of rows) {
      if (!anyDimension) {
        for (const ms of row.ms) values.push(ms);
        continue;
      }
      // Which values of each dimension the filter keeps (every one when it does not fix the dimension).
      const keep = CELL_DIMENSIONS.map((d, i) => row.values[i].map((value) => filter[d] === undefined || value === filter[d]));
      for (let i = 0; i < row.ms.length; i++) {
        const at = 4 * i;
        if (keep[0][row.v[at]] && keep[1][row.v[at + 1]] && keep[2][row.v[at + 2]] && keep[3][row.v[at + 3]]) values.push(row.ms[i]);
      }
    }
    // A typed array sorts numbers natively (no comparator calls): the bins of a large history hold thousands.
    const sorted = Array.from(Float64Array.from(values).sort());
    sortedBins.set(bin, sorted);
    return sorted;
  };
  const result: number[] = [];
  for (const rank of ranks) {
    let below = 0;
    for (const bin of ordered) {
      const count = bins.get(bin) as number;
      if (rank < below + count) {
        result.push((await valuesOf(bin))[rank - below]);
        break;
      }
      below += count;
    }
  }
  return result;
};

