import type { CustomerEvent } from '../../domain/customer/events';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { assertNever } from '../../domain/shared/event';
import type { StoredEvent } from '../../event-store/event-store.port';
import { andThen, type MaybePromise, type Projection, type ViewSession } from '../view-store.port';
import { isComplaintEvent, isCustomerEvent, projectCustomerComplaint } from '../customer/customer-complaints';
import {
  emptyRetentionRow,
  retentionComplaintsView,
  retentionCustomersView,
  type RetentionRow,
} from './retention-row';

/** Fold one of the customer's own events into the retention row (the row itself when the event changes nothing). */
export const evolveRetentionRow = (row: RetentionRow, event: CustomerEvent): RetentionRow => {
  // One copy per event: each case spreads the row once, marking it known.
  switch (event.type) {
    case 'CustomerRegistered':
      return {
        ...row,
        known: true,
        name: event.data.name ?? row.name,
        segment: event.data.segment ?? row.segment,
        keyAccount: event.data.keyAccount,
      };
    case 'PurchaseRecorded':
      return {
        ...row,
        known: true,
        purchases: row.purchases + 1,
        purchaseValue: row.purchaseValue + event.data.amount,
        currencies: row.currencies.includes(event.data.currency)
          ? row.currencies
          : [...row.currencies, event.data.currency],
      };
    case 'CustomerReferred':
      return { ...row, known: true, referralsMade: row.referralsMade + 1 };
    case 'ReferralConverted':
      return { ...row, known: true, referralsConverted: row.referralsConverted + 1 };
    case 'SuggestionMade':
      return { ...row, known: true, suggestions: row.suggestions + 1 };
    case 'CustomerChurned':
      return { ...row, known: true, churned: true };
    case 'CustomerReactivated':
      return { ...row, known: true, churned: false };
    case 'PartnershipSigned':
    case 'SatisfactionRecorded':
      return row.known ? row : { ...row, known: true };
    default:
      return assertNever(event);
  }
};

const views = { owners: retentionComplaintsView, customers: retentionCustomersView };

/** The retention view: per customer referrals, suggestions, purchase value, churn and complaints (with tier boundaries). */
export const retentionProjection = (options: CalendarOptions): Projection => ({
  name: 'retention',
  views: [retentionCustomersView, retentionComplaintsView],
  apply(stored: StoredEvent, session: ViewSession): MaybePromise<void> {
    if (isComplaintEvent(stored)) return projectCustomerComplaint(stored, session, views, emptyRetentionRow, options);
    if (!isCustomerEvent(stored)) return;
    const event = stored;
    const { customerId } = event.data;
    return andThen(session.get(retentionCustomersView, customerId), (found) => {
      const row = found ?? emptyRetentionRow(customerId);
      const next = evolveRetentionRow(row, event);
      // Unchanged: the row stays as stored, not written again.
      if (next !== row) session.put(retentionCustomersView, customerId, Object.assign(row, next));
    });
  },
});
