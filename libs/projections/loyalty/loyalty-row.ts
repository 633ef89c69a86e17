import type { LoyaltyStage, Partnership, PurchaseFact, ScoreFact } from '../../domain/policies/loyalty-stage';
import type { ViewDefinition } from '../view-store.port';
import { complaintOwnerView, type CustomerComplaint } from '../customer/customer-complaints';

/** One entry of a customer's stage history: the stage entered, the one left, when and why. */
export interface StageHistoryEntry {
  stage: LoyaltyStage;
  from: LoyaltyStage | null;
  /** Business time (epoch ms) the stage was entered. */
  at: number;
  /** The event type that moved the stage, or `time` when the passage of time did. */
  cause: string;
}

/**
 * The facts the loyalty rules need about one customer, kept as events arrive. Stage, level and
 * at-risk depend on `now`, so they are computed at read time from these facts.
 */
export interface LoyaltyRow {
  customerId: string;
  /** True once the customer's own stream has an event; a complaint alone does not make a customer. */
  known: boolean;
  registered: boolean;
  name: string | null;
  segment: string | null;
  keyAccount: boolean;
  /** When the customer became a key account (registration time), null if not one. */
  keyAccountSince: number | null;
  partnership: Partnership;
  partnershipMarriedAt: number | null;
  churned: boolean;
  purchases: PurchaseFact[];
  referralsMade: number;
  /** occurredAt of each ReferralConverted. */
  referralsConvertedAt: number[];
  scores: ScoreFact[];
  complaints: CustomerComplaint[];
  /** Stage changes recorded as the customer's events arrived (time-driven ones between events included). */
  history: StageHistoryEntry[];
  /** Business time up to which `history` is evaluated: the latest occurredAt of the customer's own events. */
  evaluatedAt: number | null;
}

export const loyaltyCustomersView: ViewDefinition<LoyaltyRow> = {
  name: 'loyalty_customers',
  columns: { known: 'integer', segment: 'text', key_account: 'integer', churned: 'integer' },
  indexes: ['segment'],
  index: (row) => ({
    known: row.known ? 1 : 0,
    segment: row.segment,
    key_account: row.keyAccount ? 1 : 0,
    churned: row.churned ? 1 : 0,
  }),
};

export const loyaltyComplaintsView = complaintOwnerView('loyalty_complaints');

export const emptyLoyaltyRow = (customerId: string): LoyaltyRow => ({
  customerId,
  known: false,
  registered: false,
  name: null,
  segment: null,
  keyAccount: false,
  keyAccountSince: null,
  partnership: 'none',
  partnershipMarriedAt: null,
  churned: false,
  purchases: [],
  referralsMade: 0,
  referralsConvertedAt: [],
  scores: [],
  complaints: [],
  history: [],
  evaluatedAt: null,
});
