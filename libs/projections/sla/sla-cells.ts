import { andThen, type MaybePromise, type ViewDefinition, type ViewSession } from '../view-store.port';
import type { SlaRow } from './sla-row';
import { rowState } from './sla-summary';
import { addCounts, C, countsOf, durationOf, emptyCounts } from './sla-tally';
import { slaTimesView } from './sla-times';

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
  /** Resolved complaints per resolution-time bin: `h[durationBin(ms) + 1]`, no trailing zeros. */
  h: number[];
}

export const slaCellsView: ViewDefinition<SlaCellRow> = {
  name: 'sla_summary_cells',
  columns: { cuboid: 'text', day: 'integer' },
  indexes: ['cuboid'],
  index: (row) => ({ cuboid: row.cuboid, day: row.day }),
  // Read-only for every reader: the summary reads the same cells again and again.
  sharedRows: true,
};

export type DimensionValues = [string, string | null, string, string];

/**
 * The resolved complaints of one day of raise whose resolution time falls in one bin: the exact
 * values behind a median. A multiset in one canonical order (by time, then dimension values), so
 * any history of the same complaints gives the same row. Item i: `ms[i]`, and its category, team,
 * channel and severity as indexes `v[4i..4i+3]` into the sorted value lists of `values` (compact:
 * the summary reads every row of a bin).
 */
export interface SlaDurationRow {
  day: number;
  bin: number;
  ms: number[];
  v: number[];
  values: [string[], Array<string | null>, string[], string[]];
}

export const slaDurationsView: ViewDefinition<SlaDurationRow> = {
  name: 'sla_summary_durations',
  columns: { bin: 'integer', day: 'integer' },
  indexes: ['bin'],
  index: (row) => ({ bin: row.bin, day: row.day }),
  sharedRows: true,
};

/** Bin boundaries (ms), each ~10 % (at least a minute) above the previous one, up to about 3 years. */
const BIN_STARTS: number[] = (() => {
  const starts = [0];
  while (starts[starts.length - 1] < 1000 * DAY_MS) {
    const last = starts[starts.length - 1];
    starts.push(Math.max(last + 60_000, Math.round(last * 1.1)));
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

/** The value a single-dimension cuboid id fixes. */
export const valueOfCuboid = (cuboid: string): string => {
  const raw = cuboid.slice(cuboid.indexOf(SEP) + 1);
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
};

/** Conditions selecting every cell of one cuboid mask (ids start with the mask and the separator). */
export const cellsOfMask = (mask: number): Array<{ column: 'cuboid'; op: '>=' | '<'; value: string }> => [
  { column: 'cuboid', op: '>=', value: `${mask}${SEP}` },
  { column: 'cuboid', op: '<', value: `${mask}\u0020` },
];

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

export interface Placement {
  day: number;
  cuboids: ReadonlyArray<string | null>;
  /** The cell keys of `cuboids` on `day`. */
  keys: ReadonlyArray<string | null>;
  counts: number[];
  duration: number | null;
  bin: number | null;
  values: Array<string | null>;
}

interface CellKeys {
  cuboids: ReadonlyArray<string | null>;
  keys: ReadonlyArray<string | null>;
}
// Cell keys per day and combination of dimension values, in nested maps (day, then each value):
// few distinct combinations, asked for on every row change.
type KeyTrie = Map<unknown, KeyTrie | CellKeys>;
let keyTrie: KeyTrie = new Map();
let cachedKeys = 0;
/**
 * Combinations kept before the cache starts over. Each holds 22 key strings (about 1 KB): 100k of
 * them were a third of a 1M rebuild's live heap (+185 MB peak RSS), while the combinations in use at
 * a time are far fewer (a 1M rebuild computes 130k combinations with 10k kept, 100k with 100k kept).
 */
const MAX_CACHED_KEYS = 10_000;
const cellsOf = (day: number, values: Array<string | null>): CellKeys => {
  let node = keyTrie;
  for (let i = -1; i < values.length - 1; i++) {
    const part = i < 0 ? day : values[i];
    let next = node.get(part) as KeyTrie | undefined;
    if (!next) {
      next = new Map();
      node.set(part, next);
    }
    node = next;
  }
  const last = values[values.length - 1];
  let cells = node.get(last) as CellKeys | undefined;
  if (!cells) {
    const cuboids = CUBOID_MASKS.map((mask) => cuboidOf(mask, values));
    cells = { cuboids, keys: cuboids.map((cuboid) => (cuboid === null ? null : cellKey(day, cuboid))) };
    if (++cachedKeys > MAX_CACHED_KEYS) {
      keyTrie = new Map();
      cachedKeys = 0;
    }
    node.set(last, cells);
  }
  return cells;
};

export const placementOf = (row: SlaRow): Placement => {
  const values = dimensionValues(row);
  const duration = durationOf(row);
  const day = dayOf(row.raisedAt);
  const { cuboids, keys } = cellsOf(day, values);
  return {
    day,
    cuboids,
    keys,
    counts: countsOf(row, rowState(row, Number.POSITIVE_INFINITY)),
    duration,
    bin: duration === null ? null : durationBin(duration),
    values,
  };
};

/** A change to one cell: counts to add, and the histogram bins to take one from and add one to. */
interface CellChange {
  counts: number[];
  /** 1: add the counts, -1: take them away. */
  sign: 1 | -1;
  binOut: number | null;
  binIn: number | null;
}

/**
 * A cell with a change applied, in place when the session had it (the session's own object, see
 * ViewSession): no copy of its arrays per event. Null when no complaint is left in it.
 */
const changedCell = (found: SlaCellRow | undefined, day: number, cuboid: string, change: CellChange): SlaCellRow | null => {
  const cell = found ?? { cuboid, day, n: emptyCounts(), h: [] };
  const { n, h } = cell;
  addCounts(n, change.counts, change.sign);
  if (n[C.complaints] === 0) return null;
  if (change.binOut !== null) h[change.binOut + 1] -= 1;
  if (change.binIn !== null) {
    const at = change.binIn + 1;
    for (let i = h.length; i <= at; i++) h.push(0);
    h[at] += 1;
  }
  while (h.length > 0 && h[h.length - 1] === 0) h.pop();
  return cell;
};

/** The items of a duration row: time and dimension values. */
export const durationItems = (row: SlaDurationRow): Array<{ ms: number; values: DimensionValues }> =>
  row.ms.map((ms, i) => ({
    ms,
    values: [0, 1, 2, 3].map((d) => row.values[d][row.v[4 * i + d]]) as DimensionValues,
  }));

export const compareValues = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
/** Where a value is in a sorted value list, or where it would go (then `found` is false). */
const searchValue = (list: ReadonlyArray<string | null>, value: string | null): { at: number; found: boolean } => {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareValues(list[mid], value) < 0) lo = mid + 1;
    else hi = mid;
  }
  return { at: lo, found: lo < list.length && list[lo] === value };
};

/** Item i against (ms, positions): positions compare as their values do, the value lists being sorted. */
const compareAt = (row: SlaDurationRow, i: number, ms: number, positions: number[]): number => {
  if (row.ms[i] !== ms) return row.ms[i] - ms;
  for (let d = 0; d < 4; d++) {
    const order = row.v[4 * i + d] - positions[d];
    if (order !== 0) return order;
  }
  return 0;
};

/** The first item not before (ms, positions) (`strict`: the first one after it). */
const searchItem = (row: SlaDurationRow, ms: number, positions: number[], strict: boolean): number => {
  let lo = 0;
  let hi = row.ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const order = compareAt(row, mid, ms, positions);
    if (order < 0 || (strict && order === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Shift the value positions of dimension d from `from` on by `by` (a value was added or removed). */
const shiftPositions = (v: number[], d: number, from: number, by: number): void => {
  for (let i = d; i < v.length; i += 4) if (v[i] >= from) v[i] += by;
};

/** Add one item to a canonical duration row in place: the same row durationRow would make of all its items. */
export const addDurationItem = (row: SlaDurationRow, ms: number, values: DimensionValues): void => {
  const positions: number[] = [];
  for (let d = 0; d < 4; d++) {
    const list = row.values[d] as Array<string | null>;
    const { at, found } = searchValue(list, values[d]);
    if (!found) {
      shiftPositions(row.v, d, at, 1);
      list.splice(at, 0, values[d]);
    }
    positions.push(at);
  }
  const at = searchItem(row, ms, positions, true);
  row.ms.splice(at, 0, ms);
  row.v.splice(4 * at, 0, positions[0], positions[1], positions[2], positions[3]);
};

/** Take one item equal to (ms, values) from a canonical duration row in place; false if it has none. */
export const removeDurationItem = (row: SlaDurationRow, ms: number, values: DimensionValues): boolean => {
  const positions: number[] = [];
  for (let d = 0; d < 4; d++) {
    const { at, found } = searchValue(row.values[d], values[d]);
    if (!found) return false;
    positions.push(at);
  }
  const at = searchItem(row, ms, positions, false);
  if (at >= row.ms.length || compareAt(row, at, ms, positions) !== 0) return false;
  row.ms.splice(at, 1);
  row.v.splice(4 * at, 4);
  for (let d = 0; d < 4; d++) {
    let used = false;
    for (let i = d; i < row.v.length && !used; i += 4) used = row.v[i] === positions[d];
    if (used) continue;
    (row.values[d] as Array<string | null>).splice(positions[d], 1);
    shiftPositions(row.v, d, positions[d] + 1, -1);
  }
  return true;
};

/** Take a complaint's resolution time out of its (day, bin) row (sign -1) or add it (sign 1). */
const changeDuration = (session: ViewSession, p: Placement, sign: 1 | -1): MaybePromise<void> => {
  if (p.duration === null || p.bin === null) return;
  const key = durationKey(p.day, p.bin);
  return andThen(session.get(slaDurationsView, key), (found) => {
    const values = p.values as DimensionValues;
    if (sign > 0) {
      const row = found ?? { day: p.day, bin: p.bin as number, ms: [], v: [], values: [[], [], [], []] };
      addDurationItem(row, p.duration as number, values);
      storeDurations(session, key, row);
      return;
    }
    if (!found) return;
    if (!removeDurationItem(found, p.duration as number, values)) return;
    storeDurations(session, key, found);
  });
};

/**
 * Write a durations row and its lean times row (sla-times.ts), or delete both once empty. The times
 * row is written, never read, by the projection, so it needs no lookup. It shares the durations row's
 * sorted `ms` array instead of copying it: every change to that array puts both rows again, so both
 * are stored with the same times, and a copy per change was ~100 MB of garbage in a 1M rebuild.
 */
const storeDurations = (session: ViewSession, key: string, row: SlaDurationRow): void => {
  if (row.ms.length === 0) {
    session.delete(slaDurationsView, key);
    session.delete(slaTimesView, key);
    return;
  }
  session.put(slaDurationsView, key, row);
  session.put(slaTimesView, key, { day: row.day, bin: row.bin, ms: row.ms });
};

const storeCell = (session: ViewSession, key: string, cell: SlaCellRow | null): void => {
  if (cell === null) session.delete(slaCellsView, key);
  else session.put(slaCellsView, key, cell);
};

/** Apply a change to one cell: at once when the session holds it, else once it is read (a promise). */
const changeCell = (session: ViewSession, key: string, day: number, cuboid: string, change: CellChange): Promise<void> | undefined => {
  const found = session.get(slaCellsView, key);
  if (found instanceof Promise) return found.then((cell) => storeCell(session, key, changedCell(cell, day, cuboid, change)));
  storeCell(session, key, changedCell(found, day, cuboid, change));
  return undefined;
};

/** Move a complaint's share of the summary cells from how it counted before a change to how it counts after. */
export const updateSummaryCells = (session: ViewSession, before: SlaRow | undefined, after: SlaRow): MaybePromise<void> =>
  moveSummaryCells(session, before ? placementOf(before) : null, after);

/** One row change to carry into the cells: where the complaint counted before and after. */
interface Move {
  old: Placement | null;
  now: Placement;
  sameDay: boolean;
  /** The change of a cell the complaint stays in (null: none changes). */
  delta: CellChange | null;
  /** Taking the complaint out of a cell it leaves, and adding it to one it enters. */
  out: CellChange | null;
  into: CellChange;
}

/**
 * As updateSummaryCells, from where the complaint counted before (`placementOf` the row taken before
 * the change): lets a caller change the row itself in place. A promise only when a cell or durations
 * row had to be read from the store.
 */
export const moveSummaryCells = (session: ViewSession, old: Placement | null, after: SlaRow): MaybePromise<void> => {
  const now = placementOf(after);
  const sameDay = old !== null && old.day === now.day;
  let delta: CellChange | null = null;
  if (sameDay) {
    const counts = now.counts.map((c, i) => c - old.counts[i]);
    if (old.bin !== now.bin || counts.some((c) => c !== 0)) delta = { counts, sign: 1, binOut: old.bin, binIn: now.bin };
  }
  // One change object each way per row change, shared by its cuboids; each cell is changed as found.
  const out: CellChange | null = old === null ? null : { counts: old.counts, sign: -1, binOut: old.bin, binIn: null };
  const into: CellChange = { counts: now.counts, sign: 1, binOut: null, binIn: now.bin };
  return moveCells(session, { old, now, sameDay, delta, out, into }, 0);
};

/**
 * The cell changes of a move from step `from` on, in order: step 2i takes the complaint out of cuboid
 * i's old cell (or changes the cell it stays in), step 2i + 1 adds it to cuboid i's new cell. Then
 * its resolution time moves.
 */
const moveCells = (session: ViewSession, m: Move, from: number): MaybePromise<void> => {
  for (let step = from; step < 2 * CUBOID_MASKS.length; step++) {
    const pending = cellStep(session, m, step);
    if (pending !== undefined) return pending.then(() => moveCells(session, m, step + 1));
  }
  const { old, now, sameDay } = m;
  const sameDuration = sameDay && old !== null && old.duration === now.duration && old.values.every((v, i) => v === now.values[i]);
  if (sameDuration) return;
  if (old === null) return changeDuration(session, now, 1);
  return andThen(changeDuration(session, old, -1), () => changeDuration(session, now, 1));
};

const cellStep = (session: ViewSession, m: Move, step: number): Promise<void> | undefined => {
  const i = step >> 1;
  const { old, now } = m;
  const from = old?.cuboids[i] ?? null;
  const to = now.cuboids[i];
  if (m.sameDay && from !== null && from === to) {
    return step % 2 === 0 && m.delta ? changeCell(session, now.keys[i] as string, now.day, to, m.delta) : undefined;
  }
  if (step % 2 === 0) {
    return old !== null && m.out !== null && from !== null ? changeCell(session, old.keys[i] as string, old.day, from, m.out) : undefined;
  }
  return to !== null ? changeCell(session, now.keys[i] as string, now.day, to, m.into) : undefined;
};
