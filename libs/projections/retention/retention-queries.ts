import { complaintChurnComparison, type ComplaintChurnComparison } from '../../domain/policies/churn';
import {
  DEFAULT_TOP_FRACTION,
  paretoShare,
  type RankedCustomerValue,
} from '../../domain/policies/customer-value';
import { referralConversionRate, worstComplaintTier } from '../../domain/policies/retention';
import type { ViewStore } from '../view-store.port';
import { retentionCustomersView, type RetentionRow } from './retention-row';

export interface RetentionSummary {
  customers: number;
  referrals: { made: number; converted: number; conversionRate: number };
  suggestions: number;
  /** Churn of customers who complained vs not, and of complainers by the worst tier their complaints reached at now. */
  complaintChurn: ComplaintChurnComparison;
  pareto: {
    /** Fraction 0..1 of purchase value held by the top `topFraction` of customers. */
    topShare: number;
    topFraction: number;
    /** The key customers: the top ceil(n · topFraction) by purchase value. */
    topCustomers: RankedCustomerValue[];
    customers: number;
    totalValue: number;
    /** Currencies the purchase amounts were given in (values are added as they come). */
    currencies: string[];
  };
  asOf: string;
}

/** Retention figures of the known customers at `now` (pure). Rates are fractions 0..1. */
export const summarizeRetention = (
  rows: Iterable<RetentionRow>,
  now: number,
  topFraction: number = DEFAULT_TOP_FRACTION,
): RetentionSummary => {
  const customers = [...rows].filter((row) => row.known);
  const made = customers.reduce((sum, r) => sum + r.referralsMade, 0);
  const converted = customers.reduce((sum, r) => sum + r.referralsConverted, 0);
  const pareto = paretoShare(
    customers.map((r) => ({ customerId: r.customerId, value: r.purchaseValue })),
    topFraction,
  );
  const currencies = [...new Set(customers.flatMap((r) => r.currencies))].sort();
  return {
    customers: customers.length,
    referrals: { made, converted, conversionRate: referralConversionRate(made, converted) },
    suggestions: customers.reduce((sum, r) => sum + r.suggestions, 0),
    complaintChurn: complaintChurnComparison(
      customers.map((r) => ({
        complained: r.complaints.length > 0,
        churned: r.churned,
        worstTier: worstComplaintTier(r.complaints, now),
      })),
    ),
    pareto: { ...pareto, topFraction, currencies },
    asOf: new Date(now).toISOString(),
  };
};

/** The retention summary at `now`. */
export const retentionSummary = async (views: ViewStore, now: number): Promise<RetentionSummary> =>
  summarizeRetention(
    await views.query(retentionCustomersView, {
      where: [{ column: 'known', op: '=', value: 1 }],
      orderBy: [{ column: 'key', direction: 'asc' }],
    }),
    now,
  );
