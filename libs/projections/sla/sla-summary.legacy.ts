import { tierAt, type CostTier } from '../../domain/policies/cost-tier';
// The SLA summary fold as it was before the aggregated summary: tests check the new code against it.
import { slaBreaches, type SlaBreaches } from '../../domain/policies/sla-targets';
import type { SlaRow } from './sla-row';
import type { SlaSummary, TierCounts } from './sla-schemas';

/** A row as callers see it at `now`: tier, cost, breaches and the next deadline included. */
export interface SlaRowAt extends SlaRow {
  tier: CostTier | null;
  cost: number;
  breaches: SlaBreaches;
  /** Next instant at which an open complaint moves tier or breaches a target (null when none is ahead). */
  nextDeadlineAt: number | null;
  nextDeadline: 'tier10' | 'tier100' | 'acknowledge' | 'resolve' | null;
}

/** The tier of a row at `now`: resolved ones keep their final tier, open ones accrue, withdrawn cost nothing. */
export const rowTier = (row: SlaRow, now: number): CostTier | null => {
  if (row.status === 'withdrawn') return null;
  if (row.status === 'resolved') return row.resolvedTier;
  return tierAt(row, now);
};

export const rowAt = (row: SlaRow, now: number, unitCost: number): SlaRowAt => {
  const tier = rowTier(row, now);
  const breaches = slaBreaches(
    { status: row.status, firstResponseAt: row.firstResponseAt, closedAt: row.resolvedAt ?? row.withdrawnAt },
    row,
    now,
  );
  let nextDeadlineAt: number | null = null;
  let nextDeadline: SlaRowAt['nextDeadline'] = null;
  if (row.status === 'open') {
    const candidates: Array<[number, NonNullable<SlaRowAt['nextDeadline']>]> = [
      [row.tier10From, 'tier10'],
      [row.tier100From, 'tier100'],
      [row.resolveBy, 'resolve'],
    ];
    if (row.firstResponseAt === null) candidates.push([row.acknowledgeBy, 'acknowledge']);
    for (const [at, name] of candidates) {
      if (at > now && (nextDeadlineAt === null || at < nextDeadlineAt)) [nextDeadlineAt, nextDeadline] = [at, name];
    }
  }
  return { ...row, tier, cost: tier === null ? 0 : tier * unitCost, breaches, nextDeadlineAt, nextDeadline };
};

/** The summary's shape is its zod schema (sla-schemas.ts), which the OpenAPI document also uses. */
export type { SlaSummary, TierCounts };

const tierKey = (tier: CostTier): keyof TierCounts => `tier${tier}` as keyof TierCounts;

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * The summary at `now`, and until when it holds: the first instant an open complaint changes tier
 * or breaches a target (nothing else in it moves with time alone).
 */
export const legacySummarizeSlaUntil = (
  rows: Iterable<SlaRow>,
  now: number,
  unitCost: number,
): { summary: SlaSummary; validUntil: number } => {
  let validUntil = Number.POSITIVE_INFINITY;
  const summary: SlaSummary = {
    complaints: 0,
    resolved: { tier1: 0, tier10: 0, tier100: 0 },
    open: { tier1: 0, tier10: 0, tier100: 0 },
    withdrawn: 0,
    costUnits: { resolved: 0, open: 0, total: 0 },
    reopened: 0,
    escalated: 0,
    slaBreaches: 0,
    breaches: { acknowledge: 0, resolve: 0 },
    medianHoursToResolve: null,
    sameDayShare: null,
    asOf: new Date(now).toISOString(),
  };
  const hoursToResolve: number[] = [];
  for (const row of rows) {
    const at = rowAt(row, now, unitCost);
    if (at.nextDeadlineAt !== null && at.nextDeadlineAt < validUntil) validUntil = at.nextDeadlineAt;
    summary.complaints++;
    if (row.reopenCount > 0) summary.reopened++;
    if (row.escalations > 0) summary.escalated++;
    if (at.breaches.acknowledge) summary.breaches.acknowledge++;
    if (at.breaches.resolve) summary.breaches.resolve++;
    if (at.breaches.acknowledge || at.breaches.resolve) summary.slaBreaches++;
    if (row.status === 'withdrawn' || at.tier === null) {
      summary.withdrawn++;
      continue;
    }
    const bucket = row.status === 'resolved' ? 'resolved' : 'open';
    summary[bucket][tierKey(at.tier)]++;
    summary.costUnits[bucket] += at.cost;
    if (row.status === 'resolved' && row.resolvedAt !== null) hoursToResolve.push((row.resolvedAt - row.raisedAt) / 3_600_000);
  }
  summary.costUnits.total = summary.costUnits.resolved + summary.costUnits.open;
  const med = median(hoursToResolve);
  summary.medianHoursToResolve = med === null ? null : round(med, 2);
  const resolvedCount = summary.resolved.tier1 + summary.resolved.tier10 + summary.resolved.tier100;
  summary.sameDayShare = resolvedCount === 0 ? null : round(summary.resolved.tier1 / resolvedCount, 4);
  return { summary, validUntil };
};
