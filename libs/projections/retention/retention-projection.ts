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

/**
 * Fold one of the customer's own events into the retention row, in place (the row is the session's
 * own, see ViewSession). False when the event changed nothing (the row need not be written again).
 */
export const evolveRetentionRow = (row: RetentionRow, event: CustomerEvent): boolean => {
  const wasKnown = row.known;
  row.known = true;
  switch (event.type) {
    case 'CustomerRegistered':
      row.name = event.data.name ?? row.name;
      row.segment = event.data.segment ?? row.segment;
      row.keyAccount = event.data.keyAccount;
      return true;
    case 'PurchaseRecorded':
      row.purchases += 1;
      row.purchaseValue += event.data.amount;
      if (!row.currencies.includes(event.data.currency)) row.currencies.push(event.data.currency);
      return true;
    case 'CustomerReferred':
      row.referralsMade += 1;
      return true;
    case 'ReferralConverted':
      row.referralsConverted += 1;
      return true;
    case 'SuggestionMade':
      row.suggestions += 1;
      return true;
    case 'CustomerChurned':
      row.churned = true;
      return true;
    case 'CustomerReactivated':
      row.churned = false;
      return true;
    case 'PartnershipSigned':
    case 'SatisfactionRecorded':
      return !wasKnown;
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
      // Unchanged: the row stays as stored, not written again.
      if (evolveRetentionRow(row, event)) session.put(retentionCustomersView, customerId, row);
    });
  },
});
