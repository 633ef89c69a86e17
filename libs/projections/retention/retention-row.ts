import type { ViewDefinition } from '../view-store.port';
import { complaintOwnerView, type CustomerComplaint } from '../customer/customer-complaints';

/** What retention needs of one customer: referrals, suggestions, purchase value, churn and complaints. */
export interface RetentionRow {
  customerId: string;
  /** True once the customer's own stream has an event; a complaint alone does not make a customer. */
  known: boolean;
  name: string | null;
  segment: string | null;
  keyAccount: boolean;
  purchases: number;
  /** Sum of purchase amounts (amounts of every currency added as they come). */
  purchaseValue: number;
  /** Currencies seen in purchases, in order of first use. */
  currencies: string[];
  referralsMade: number;
  referralsConverted: number;
  suggestions: number;
  churned: boolean;
  complaints: CustomerComplaint[];
}

export const retentionCustomersView: ViewDefinition<RetentionRow> = {
  name: 'retention_customers',
  indexes: ['segment'],
  columns: {
    known: 'integer',
    churned: 'integer',
    key_account: 'integer',
    segment: 'text',
    purchase_value: 'real',
  },
  index: (row) => ({
    known: row.known ? 1 : 0,
    churned: row.churned ? 1 : 0,
    key_account: row.keyAccount ? 1 : 0,
    segment: row.segment,
    purchase_value: row.purchaseValue,
  }),
};

export const retentionComplaintsView = complaintOwnerView('retention_complaints');

export const emptyRetentionRow = (customerId: string): RetentionRow => ({
  customerId,
  known: false,
  name: null,
  segment: null,
  keyAccount: false,
  purchases: 0,
  purchaseValue: 0,
  currencies: [],
  referralsMade: 0,
  referralsConverted: 0,
  suggestions: 0,
  churned: false,
  complaints: [],
});
