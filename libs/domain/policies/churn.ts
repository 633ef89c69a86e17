/**
 * Churn rates, and whether customers who complained churn more than those who did not, broken down
 * by the worst 1:10:100 tier their complaints reached (DESIGN §1: fast handling keeps customers).
 */
import type { CostTier } from './cost-tier';

export interface ChurnGroup {
  customers: number;
  churned: number;
  /** churned / customers, fraction 0..1, four decimals; 0 without customers. */
  rate: number;
}

export interface ChurnRow {
  complained: boolean;
  churned: boolean;
  /** Worst tier among the customer's resolved or open complaints; null if none was costed (e.g. all withdrawn). */
  worstTier: CostTier | null;
}

export interface ComplaintChurnComparison {
  complained: ChurnGroup;
  notComplained: ChurnGroup;
  /** Complainers by worst tier; complainers without a tier appear only in `complained`. */
  byTier: { tier1: ChurnGroup; tier10: ChurnGroup; tier100: ChurnGroup };
}

const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(Number((value * factor).toPrecision(15))) / factor;
};

/** Fraction 0..1 (four decimals) of `customers` that churned; 0 when there are no customers. */
export const churnRate = (customers: number, churned: number): number => {
  if (!Number.isInteger(customers) || customers < 0) {
    throw new RangeError(`customers must be a whole number ≥ 0, got ${customers}`);
  }
  if (!Number.isInteger(churned) || churned < 0 || churned > customers) {
    throw new RangeError(`churned must be a whole number from 0 to ${customers}, got ${churned}`);
  }
  return customers === 0 ? 0 : roundTo(churned / customers, 4);
};

const groupOf = (rows: readonly ChurnRow[]): ChurnGroup => {
  const churned = rows.filter((row) => row.churned).length;
  return { customers: rows.length, churned, rate: churnRate(rows.length, churned) };
};

/** Churn of complainers vs non-complainers, and of complainers by their worst tier (worstTier of non-complainers is ignored). */
export const complaintChurnComparison = (rows: readonly ChurnRow[]): ComplaintChurnComparison => {
  const complained = rows.filter((row) => row.complained);
  const inTier = (tier: CostTier): ChurnGroup => groupOf(complained.filter((row) => row.worstTier === tier));
  return {
    complained: groupOf(complained),
    notComplained: groupOf(rows.filter((row) => !row.complained)),
    byTier: { tier1: inTier(1), tier10: inTier(10), tier100: inTier(100) },
  };
};
