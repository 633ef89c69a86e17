import { tierAt, type CostTier } from '../../domain/policies/cost-tier';
import { slaBreaches } from '../../domain/policies/sla-targets';
import type { SlaRow, SlaRowState } from './sla-row';

export type { SlaRowState };
import type { SlaSummary, TierCounts } from './sla-schemas';
import { addRowTo, emptyTally, middleOf, summaryOf, type SlaTally } from './sla-tally';

/** A row as callers see it at `now`: tier, cost, breaches and the next deadline included. */
export interface SlaRowAt extends SlaRow, SlaRowState {
  cost: number;
}

/** The tier of a row at `now`: resolved ones keep their final tier, open ones accrue, withdrawn cost nothing. */
export const rowTier = (row: SlaRow, now: number): CostTier | null => {
  if (row.status === 'withdrawn') return null;
  if (row.status === 'resolved') return row.resolvedTier;
  return tierAt(row, now);
};

/** The time-dependent facts of a row at `now` (`now` may be +Infinity: the row once every deadline has passed). */
export const rowState = (row: SlaRow, now: number): SlaRowState => {
  const tier = rowTier(row, now);
  const breaches = slaBreaches(
    { status: row.status, firstResponseAt: row.firstResponseAt, closedAt: row.resolvedAt ?? row.withdrawnAt },
    row,
    now,
  );
  let nextDeadlineAt: number | null = null;
  let nextDeadline: SlaRowState['nextDeadline'] = null;
  // At +Infinity no deadline is ahead (what the summary cells count every row at, per row change).
  if (row.status === 'open' && now !== Number.POSITIVE_INFINITY) {
    const candidates: Array<[number, NonNullable<SlaRowState['nextDeadline']>]> = [
      [row.tier10From, 'tier10'],
      [row.tier100From, 'tier100'],
      [row.resolveBy, 'resolve'],
    ];
    if (row.firstResponseAt === null) candidates.push([row.acknowledgeBy, 'acknowledge']);
    for (const [at, name] of candidates) {
      if (at > now && (nextDeadlineAt === null || at < nextDeadlineAt)) [nextDeadlineAt, nextDeadline] = [at, name];
    }
  }
  return { tier, breaches, nextDeadlineAt, nextDeadline };
};

export const rowAt = (row: SlaRow, now: number, unitCost: number): SlaRowAt => {
  const state = rowState(row, now);
  return { ...row, ...state, cost: state.tier === null ? 0 : state.tier * unitCost };
};

/** The summary's shape is its zod schema (sla-schemas.ts), which the OpenAPI document also uses. */
export type { SlaSummary, TierCounts };

/** Aggregate SLA rows at `now` into the summary managers read. */
export const summarizeSla = (rows: Iterable<SlaRow>, now: number, unitCost: number): SlaSummary =>
  summarizeSlaUntil(rows, now, unitCost).summary;

/** Count rows at `now` into a tally (with their exact resolution times), and the first deadline ahead of `now`. */
export const tallyRows = (rows: Iterable<SlaRow>, now: number, tally: SlaTally = emptyTally()): { tally: SlaTally; validUntil: number } => {
  let validUntil = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    const state = rowState(row, now);
    if (state.nextDeadlineAt !== null && state.nextDeadlineAt < validUntil) validUntil = state.nextDeadlineAt;
    addRowTo(tally, row, state, 1);
  }
  return { tally, validUntil };
};

/**
 * The summary at `now`, and until when it holds: the first instant an open complaint changes tier
 * or breaches a target (nothing else in it moves with time alone). This is the reference the
 * aggregated summary (sla-summary-query.ts) must equal.
 */
export const summarizeSlaUntil = (
  rows: Iterable<SlaRow>,
  now: number,
  unitCost: number,
): { summary: SlaSummary; validUntil: number } => {
  const { tally, validUntil } = tallyRows(rows, now);
  return { summary: summaryOf(tally.counts, middleOf(tally.durations ?? []), now, unitCost), validUntil };
};
