import type { ViewDefinition, ViewSession } from '../view-store.port';
import type { SlaRow } from './sla-row';
import { rowState } from './sla-summary';
import { addCounts, C, countsOf, durationOf, emptyCounts } from './sla-tally';

/**
 * Precomputed SLA summary parts, maintained by the SLA projection from row changes alone (no clock):
 * per UTC day of raise and per "cuboid" — the complaints of one category, team, channel or severity,
 * or one pair of them, or all — every complaint counted as it will count once all its deadlines
 * have passed (`rowState(row, +Infinity)`), plus a histogram of resolution times. A summary at `now`
 * adds the cells of the days its filter covers and recounts only the rows still moving at `now`.
 */

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The filter fields a cuboid can fix, in key order. */
export const CELL_DIMENSIONS = ['category', 'team', 'channel', 'severity'] as const;
export type CellDimension = (typeof CELL_DIMENSIONS)[number];

/** Which dimensions each cuboid fixes, as bit masks over CELL_DIMENSIONS: none, each one, each pair. */
export const CUBOID_MASKS: readonly number[] = [0, 1, 2, 4, 8, 3, 5, 9, 6, 10, 12];

export interface SlaCellRow {
  cuboid: string;
  day: number;
  /** Counts, positions as in `C` of sla-tally.ts. */
  n: number[];
  /** Resolved complaints per resolution-time bin (`durationBin`). */
  h: Record<string, number>;
}

export const slaCellsView: ViewDefinition<SlaCellRow> = {
  name: 'sla_summary_cells',
  columns: { cuboid: 'text', day: 'integer' },
  indexes: ['cuboid'],
  index: (row) => ({ cuboid: row.cuboid, day: row.day }),
};

/** The resolved complaints of one day of raise whose resolution time falls in one bin: the exact values behind a median. */
export interface SlaDurationRow {
  day: number;
  bin: number;
  /** Per complaint: milliseconds from raise to resolution, then category, team, channel, severity. */
  items: Record<string, [number, string, string | null, string, string]>;
}

export const slaDurationsView: ViewDefinition<SlaDurationRow> = {
  name: 'sla_summary_durations',
  columns: { bin: 'integer', day: 'integer' },
  indexes: ['bin'],
  index: (row) => ({ bin: row.bin, day: row.day }),
};

/** Bin boundaries (ms), each ~15 % (at least a minute) above the previous one, up to about 3 years. */
const BIN_STARTS: number[] = (() => {
  const starts = [0];
  while (starts[starts.length - 1] < 1000 * DAY_MS) {
    const last = starts[starts.length - 1];
    starts.push(Math.max(last + 60_000, Math.round(last * 1.15)));
  }
  return starts;
})();

/** The bin of a resolution time: -1 below zero, else the last boundary at or below it. */
export const durationBin = (ms: number): number => {
  if (ms < 0) return -1;
  let lo = 0;
  let hi = BIN_STARTS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (BIN_STARTS[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

const SEP = '\u001f';
/** Values as they appear in keys: unambiguous even if a value contains the separator. */
const part = (value: string): string => (value.includes(SEP) || value.startsWith('"') ? JSON.stringify(value) : value);

export const dimensionValues = (row: Pick<SlaRow, CellDimension>): Array<string | null> => [row.category, row.team, row.channel, row.severity];

/** The cuboid id of a mask and the values it fixes (null if a fixed value is missing: no such cell). */
export const cuboidOf = (mask: number, values: ReadonlyArray<string | null | undefined>): string | null => {
  let id = String(mask);
  for (let i = 0; i < CELL_DIMENSIONS.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const value = values[i];
    if (typeof value !== 'string') return null;
    id += SEP + part(value);
  }
  return id;
};

const cellKey = (day: number, cuboid: string): string => `${day}${SEP}${cuboid}`;
const durationKey = (day: number, bin: number): string => `${day}${SEP}${bin}`;

interface Placement {
  day: number;
  cuboids: Array<string | null>;
  counts: number[];
  duration: number | null;
  values: Array<string | null>;
}

const placementOf = (row: SlaRow): Placement => {
  const values = dimensionValues(row);
  return {
    day: dayOf(row.raisedAt),
    cuboids: CUBOID_MASKS.map((mask) => cuboidOf(mask, values)),
    counts: countsOf(row, rowState(row, Number.POSITIVE_INFINITY)),
    duration: durationOf(row),
    values,
  };
};

const sameCounts = (a: number[], b: number[]): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const addToCell = async (
  session: ViewSession,
  day: number,
  cuboid: string,
  changes: Array<{ counts: number[]; duration: number | null; sign: number }>,
): Promise<void> => {
  const key = cellKey(day, cuboid);
  const found = await session.get(slaCellsView, key);
  const cell: SlaCellRow = found ? { ...found, n: [...found.n], h: { ...found.h } } : { cuboid, day, n: emptyCounts(), h: {} };
  for (const { counts, duration, sign } of changes) {
    addCounts(cell.n, counts, sign);
    if (duration === null) continue;
    const bin = String(durationBin(duration));
    const count = (cell.h[bin] ?? 0) + sign;
    if (count === 0) delete cell.h[bin];
    else cell.h[bin] = count;
  }
  if (cell.n[C.complaints] === 0) session.delete(slaCellsView, key);
  else session.put(slaCellsView, key, cell);
};

const changeDuration = async (session: ViewSession, complaintId: string, p: Placement, sign: 1 | -1): Promise<void> => {
  if (p.duration === null) return;
  const bin = durationBin(p.duration);
  const key = durationKey(p.day, bin);
  const found = await session.get(slaDurationsView, key);
  const row: SlaDurationRow = found ? { ...found, items: { ...found.items } } : { day: p.day, bin, items: {} };
  if (sign > 0) row.items[complaintId] = [p.duration, ...(p.values as [string, string | null, string, string])];
  else delete row.items[complaintId];
  if (Object.keys(row.items).length === 0) session.delete(slaDurationsView, key);
  else session.put(slaDurationsView, key, row);
};

/** Move a complaint's share of the summary cells from how it counted before a change to how it counts after. */
export const updateSummaryCells = async (session: ViewSession, before: SlaRow | undefined, after: SlaRow): Promise<void> => {
  const old = before ? placementOf(before) : null;
  const now = placementOf(after);
  const unchanged = old !== null && old.day === now.day && old.duration === now.duration && sameCounts(old.counts, now.counts);
  for (let i = 0; i < CUBOID_MASKS.length; i++) {
    const from = old?.cuboids[i] ?? null;
    const to = now.cuboids[i];
    if (old !== null && from !== null && from === to && old.day === now.day) {
      if (unchanged) continue;
      await addToCell(session, now.day, to, [
        { counts: old.counts, duration: old.duration, sign: -1 },
        { counts: now.counts, duration: now.duration, sign: 1 },
      ]);
      continue;
    }
    if (old !== null && from !== null) await addToCell(session, old.day, from, [{ counts: old.counts, duration: old.duration, sign: -1 }]);
    if (to !== null) await addToCell(session, now.day, to, [{ counts: now.counts, duration: now.duration, sign: 1 }]);
  }
  const sameDuration =
    old !== null && old.day === now.day && old.duration === now.duration && old.values.every((v, i) => v === now.values[i]);
  if (sameDuration) return;
  if (old !== null) await changeDuration(session, before!.complaintId, old, -1);
  await changeDuration(session, after.complaintId, now, 1);
};
