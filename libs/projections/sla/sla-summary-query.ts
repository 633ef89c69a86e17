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
import { slaTimesView, valuesAtRanksOf } from './sla-times';
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
 * cells' histograms and the exact resolution times of the one or two bins holding the middle (the
 * lean times rows of sla-times.ts when the filter fixes no dimension).
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
  // Resolved complaints per bin, as in the cells: bins[durationBin(ms) + 1].
  const bins: number[] = [];
  for (const cell of cells) {
    addCounts(counts, cell.n, 1);
    const h = cell.h;
    for (let i = bins.length; i < h.length; i++) bins.push(0);
    for (let i = 0; i < h.length; i++) bins[i] += h[i];
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
  for (const ms of edgeDurations) {
    const at = durationBin(ms) + 1;
    for (let i = bins.length; i <= at; i++) bins.push(0);
    bins[at] += 1;
  }
  let resolved = 0;
  for (const count of bins) resolved += count;
  const ranks = middleRanks(resolved);
  const middle = ranks.length === 0 ? null : await valuesAtRanks(views, filter, days, bins, edgeDurations, ranks);
  return { summary: summaryOf(counts, middle, now, unitCost), validUntil };
};

/** The exact resolution times at the given ranks: find each rank's bin, then select within that bin's values. */
const valuesAtRanks = async (
  views: ViewStore,
  filter: SlaFilter,
  days: Condition[],
  bins: number[],
  edgeDurations: number[],
  ranks: number[],
): Promise<number[]> => {
  // The ranks within their bins, grouped by bin (ascending both ways).
  const wanted = new Map<number, number[]>();
  let below = 0;
  let next = 0;
  for (let i = 0; i < bins.length && next < ranks.length; i++) {
    const count = bins[i];
    while (next < ranks.length && ranks[next] < below + count) {
      const inBin = wanted.get(i - 1) ?? [];
      inBin.push(ranks[next] - below);
      wanted.set(i - 1, inBin);
      next++;
    }
    below += count;
  }
  const result: number[] = [];
  for (const [bin, local] of wanted) {
    const values = await binValues(views, filter, days, bin, bins[bin + 1], edgeDurations);
    if (local[local.length - 1] >= values.length) throw new Error(`SLA summary views disagree: bin ${bin} holds ${values.length} times, not ${bins[bin + 1]}`);
    result.push(...valuesAtRanksOf(values, local));
  }
  return result;
};

/**
 * The resolution times in one bin that the filter keeps, unsorted: from the lean times rows when it
 * fixes no dimension, else from the durations rows' items whose dimension values it matches.
 */
const binValues = async (views: ViewStore, filter: SlaFilter, days: Condition[], bin: number, expected: number, edgeDurations: number[]): Promise<Float64Array> => {
  let values = new Float64Array(expected);
  let n = 0;
  const push = (ms: number): void => {
    if (n === values.length) {
      const grown = new Float64Array(2 * n + 16);
      grown.set(values);
      values = grown;
    }
    values[n++] = ms;
  };
  for (const ms of edgeDurations) if (durationBin(ms) === bin) push(ms);
  const where = [{ column: 'bin', op: '=' as const, value: bin }, ...days];
  if (!CELL_DIMENSIONS.some((d) => filter[d] !== undefined)) {
    for (const row of await views.query(slaTimesView, { where })) for (const ms of row.ms) push(ms);
    return values.subarray(0, n);
  }
  for (const row of await views.query(slaDurationsView, { where })) {
    // Which values of each dimension the filter keeps (every one when it does not fix the dimension).
    const keep = CELL_DIMENSIONS.map((d, i) => row.values[i].map((value) => filter[d] === undefined || value === filter[d]));
    for (let i = 0; i < row.ms.length; i++) {
      const at = 4 * i;
      if (keep[0][row.v[at]] && keep[1][row.v[at + 1]] && keep[2][row.v[at + 2]] && keep[3][row.v[at + 3]]) push(row.ms[i]);
    }
  }
  return values.subarray(0, n);
};
