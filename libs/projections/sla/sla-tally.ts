import type { SlaRow, SlaRowState } from './sla-row';
import type { SlaSummary } from './sla-schemas';

/** Positions in a tally's counts: every figure of the summary that is a plain count of rows. */
export const C = {
  complaints: 0,
  resolved1: 1,
  resolved10: 2,
  resolved100: 3,
  open1: 4,
  open10: 5,
  open100: 6,
  withdrawn: 7,
  reopened: 8,
  escalated: 9,
  breached: 10,
  acknowledgeBreaches: 11,
  resolveBreaches: 12,
} as const;
export const COUNT_FIELDS = 13;

/** Counts of rows (see `C`) and, when kept, the exact milliseconds from raise to resolution of the resolved ones. */
export interface SlaTally {
  counts: number[];
  durations?: number[];
}

export const emptyCounts = (): number[] => new Array<number>(COUNT_FIELDS).fill(0);
export const emptyTally = (): SlaTally => ({ counts: emptyCounts(), durations: [] });

/** How one row at a given state counts, as summarizeSla always counted it. */
export const countsOf = (row: SlaRow, state: SlaRowState): number[] => {
  const n = emptyCounts();
  n[C.complaints] = 1;
  if (row.reopenCount > 0) n[C.reopened] = 1;
  if (row.escalations > 0) n[C.escalated] = 1;
  if (state.breaches.acknowledge) n[C.acknowledgeBreaches] = 1;
  if (state.breaches.resolve) n[C.resolveBreaches] = 1;
  if (state.breaches.acknowledge || state.breaches.resolve) n[C.breached] = 1;
  if (row.status === 'withdrawn' || state.tier === null) n[C.withdrawn] = 1;
  else {
    const base = row.status === 'resolved' ? C.resolved1 : C.open1;
    n[base + (state.tier === 1 ? 0 : state.tier === 10 ? 1 : 2)] = 1;
  }
  return n;
};

/** The milliseconds from raise to final resolution the median is taken over (null: not resolved). */
export const durationOf = (row: SlaRow): number | null =>
  row.status === 'resolved' && row.resolvedAt !== null ? row.resolvedAt - row.raisedAt : null;

export const addCounts = (into: number[], counts: number[], sign: number): void => {
  for (let i = 0; i < COUNT_FIELDS; i++) into[i] += sign * counts[i];
};

export const addRowTo = (tally: SlaTally, row: SlaRow, state: SlaRowState, sign: number): void => {
  addCounts(tally.counts, countsOf(row, state), sign);
  const duration = durationOf(row);
  if (duration !== null && tally.durations) tally.durations.push(duration);
};

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** The median of the hours behind the middle one or two exact durations (ms) of a sorted list. */
export const medianHours = (middle: number[] | null): number | null => {
  if (middle === null) return null;
  const hours = middle.map((ms) => ms / 3_600_000);
  return round(hours.length === 1 ? hours[0] : (hours[0] + hours[1]) / 2, 2);
};

/** The 0-based ranks of the middle value(s) of `n` sorted values (none when n = 0). */
export const middleRanks = (n: number): number[] => (n === 0 ? [] : n % 2 ? [n >> 1] : [(n >> 1) - 1, n >> 1]);

/** The middle one or two of an unsorted list of durations. */
export const middleOf = (durations: number[]): number[] | null => {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  return middleRanks(sorted.length).map((r) => sorted[r]);
};

/**
 * The summary from counts and the middle duration(s). Cost units are tier counts × unit cost: the
 * same figure as adding up tier × unit cost per complaint, without depending on the order rows are read in.
 */
export const summaryOf = (n: number[], middle: number[] | null, now: number, unitCost: number): SlaSummary => {
  const resolvedUnits = n[C.resolved1] + 10 * n[C.resolved10] + 100 * n[C.resolved100];
  const openUnits = n[C.open1] + 10 * n[C.open10] + 100 * n[C.open100];
  const resolvedCount = n[C.resolved1] + n[C.resolved10] + n[C.resolved100];
  const costUnits = { resolved: resolvedUnits * unitCost, open: openUnits * unitCost, total: 0 };
  costUnits.total = costUnits.resolved + costUnits.open;
  return {
    complaints: n[C.complaints],
    resolved: { tier1: n[C.resolved1], tier10: n[C.resolved10], tier100: n[C.resolved100] },
    open: { tier1: n[C.open1], tier10: n[C.open10], tier100: n[C.open100] },
    withdrawn: n[C.withdrawn],
    costUnits,
    reopened: n[C.reopened],
    escalated: n[C.escalated],
    slaBreaches: n[C.breached],
    breaches: { acknowledge: n[C.acknowledgeBreaches], resolve: n[C.resolveBreaches] },
    medianHoursToResolve: medianHours(middle),
    sameDayShare: resolvedCount === 0 ? null : round(n[C.resolved1] / resolvedCount, 4),
    asOf: new Date(now).toISOString(),
  };
};
