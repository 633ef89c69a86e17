import type { CustomerEvent } from '../../domain/customer/events';
import { assertNever } from '../../domain/shared/event';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { loyaltyStage, type LoyaltyOptions, type LoyaltyStage } from '../../domain/policies/loyalty-stage';
import type { StoredEvent } from '../../event-store/event-store.port';
import { epochMsOf } from '../../event-store/iso-instant';
import { andThen, type MaybePromise, type Projection, type ViewSession } from '../view-store.port';
import { isComplaintEvent, isCustomerEvent, projectCustomerComplaint } from '../customer/customer-complaints';
import { emptyLoyaltyRow, loyaltyComplaintsView, loyaltyCustomersView, type LoyaltyRow, type StageHistoryEntry } from './loyalty-row';
import { stageChangesBetween } from '../../domain/policies/stage-history';
import { loyaltyFacts } from './loyalty-status';

export interface LoyaltyProjectionOptions extends CalendarOptions {
  loyalty?: Partial<LoyaltyOptions>;
}

/** Add the facts one customer event brings (at `at`, its occurredAt in ms) to the row, in place. */
const applyFact = (row: LoyaltyRow, event: CustomerEvent, at: number): void => {
  switch (event.type) {
    case 'CustomerRegistered':
      row.registered = true;
      row.name = event.data.name ?? row.name;
      row.segment = event.data.segment ?? row.segment;
      row.keyAccountSince = event.data.keyAccount ? (row.keyAccountSince ?? at) : null;
      row.keyAccount = event.data.keyAccount;
      return;
    case 'PurchaseRecorded':
      row.purchases.push({ at, amount: event.data.amount });
      return;
    case 'CustomerReferred':
      row.referralsMade += 1;
      return;
    case 'ReferralConverted':
      row.referralsConvertedAt.push(at);
      return;
    case 'PartnershipSigned':
      row.partnership = event.data.level;
      if (event.data.level === 'married') row.partnershipMarriedAt = row.partnershipMarriedAt ?? at;
      return;
    case 'CustomerChurned':
      row.churned = true;
      return;
    case 'CustomerReactivated':
      row.churned = false;
      return;
    case 'SatisfactionRecorded':
      row.scores.push({ kind: event.data.kind, score: event.data.score, at });
      return;
    case 'SuggestionMade':
      return;
    default:
      return assertNever(event);
  }
};

/** Enter a stage in the history (in place) unless it is already the current one. */
const enterStage = (history: StageHistoryEntry[], stage: LoyaltyStage, at: number, cause: string): void => {
  const last = history[history.length - 1];
  if (last?.stage !== stage) history.push({ stage, from: last?.stage ?? null, at, cause });
};

/**
 * Fold one of the customer's own events into the row and its stage history, in place (the row is the
 * session's own, see ViewSession). The history is kept in business time and never rewritten:
 * time-driven changes since the last evaluated instant are added first, then the stage the new facts
 * give. A late event dated before that instant takes effect in the history at that instant (its facts
 * still carry their own dates for the rules).
 */
export const evolveLoyaltyRow = (row: LoyaltyRow, event: CustomerEvent, options: Partial<LoyaltyOptions> = {}): void => {
  const at = epochMsOf(event.metadata.occurredAt);
  const evaluateAt = row.evaluatedAt === null ? at : Math.max(row.evaluatedAt, at);
  // Time-driven changes since the last evaluated instant (none when no time has passed), judged on
  // the facts before this event's.
  if (row.evaluatedAt !== null && evaluateAt > row.evaluatedAt) {
    const facts = loyaltyFacts(row, evaluateAt, options);
    for (const change of stageChangesBetween(facts, row.evaluatedAt, evaluateAt, options)) {
      enterStage(row.history, change.stage, change.at, 'time');
    }
  }
  applyFact(row, event, at);
  row.known = true;
  enterStage(row.history, loyaltyStage(loyaltyFacts(row, evaluateAt, options), evaluateAt, options), evaluateAt, event.type);
  row.evaluatedAt = evaluateAt;
};

const views = { owners: loyaltyComplaintsView, customers: loyaltyCustomersView };

/**
 * The loyalty view: per customer the facts behind stage, level and at-risk (judged at read time), the
 * customer's complaints with their tier boundaries, and the stage history recorded as events arrive.
 */
export const loyaltyProjection = (options: LoyaltyProjectionOptions): Projection => ({
  name: 'loyalty',
  views: [loyaltyCustomersView, loyaltyComplaintsView],
  apply(stored: StoredEvent, session: ViewSession): MaybePromise<void> {
    if (isComplaintEvent(stored)) return projectCustomerComplaint(stored, session, views, emptyLoyaltyRow, options);
    if (!isCustomerEvent(stored)) return;
    const event = stored;
    const { customerId } = event.data;
    return andThen(session.get(loyaltyCustomersView, customerId), (found) => {
      const row = found ?? emptyLoyaltyRow(customerId);
      evolveLoyaltyRow(row, event, options.loyalty);
      session.put(loyaltyCustomersView, customerId, row);
    });
  },
});
