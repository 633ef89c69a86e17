import type { CustomerEvent } from '../../domain/customer/events';
import { assertNever } from '../../domain/shared/event';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { loyaltyStage, type LoyaltyOptions } from '../../domain/policies/loyalty-stage';
import type { StoredEvent } from '../../event-store/event-store.port';
import { epochMsOf } from '../../event-store/iso-instant';
import { andThen, type MaybePromise, type Projection, type ViewSession } from '../view-store.port';
import { isComplaintEvent, isCustomerEvent, projectCustomerComplaint } from '../customer/customer-complaints';
import { emptyLoyaltyRow, loyaltyComplaintsView, loyaltyCustomersView, type LoyaltyRow } from './loyalty-row';
import { stageChangesBetween } from '../../domain/policies/stage-history';
import { appendStage, loyaltyFacts } from './loyalty-status';

export interface LoyaltyProjectionOptions extends CalendarOptions {
  loyalty?: Partial<LoyaltyOptions>;
}

/** The facts one customer event adds (at `at`, its occurredAt in ms), in a new row. */
const applyFact = (row: LoyaltyRow, event: CustomerEvent, at: number): LoyaltyRow => {
  switch (event.type) {
    case 'CustomerRegistered':
      return {
        ...row,
        registered: true,
        name: event.data.name ?? row.name,
        segment: event.data.segment ?? row.segment,
        keyAccount: event.data.keyAccount,
        keyAccountSince: event.data.keyAccount ? (row.keyAccountSince ?? at) : null,
      };
    case 'PurchaseRecorded':
      return { ...row, purchases: [...row.purchases, { at, amount: event.data.amount }] };
    case 'CustomerReferred':
      return { ...row, referralsMade: row.referralsMade + 1 };
    case 'ReferralConverted':
      return { ...row, referralsConvertedAt: [...row.referralsConvertedAt, at] };
    case 'PartnershipSigned':
      return {
        ...row,
        partnership: event.data.level,
        partnershipMarriedAt:
          event.data.level === 'married' ? (row.partnershipMarriedAt ?? at) : row.partnershipMarriedAt,
      };
    case 'CustomerChurned':
      return { ...row, churned: true };
    case 'CustomerReactivated':
      return { ...row, churned: false };
    case 'SatisfactionRecorded':
      return { ...row, scores: [...row.scores, { kind: event.data.kind, score: event.data.score, at }] };
    case 'SuggestionMade':
      return { ...row };
    default:
      return assertNever(event);
  }
};

/**
 * Fold one of the customer's own events into the row and its stage history. The history is kept in
 * business time and never rewritten: time-driven changes since the last evaluated instant are added
 * first, then the stage the new facts give. A late event dated before that instant takes effect in the
 * history at that instant (its facts still carry their own dates for the rules).
 */
export const evolveLoyaltyRow = (
  row: LoyaltyRow,
  event: CustomerEvent,
  options: Partial<LoyaltyOptions> = {},
): LoyaltyRow => {
  const at = epochMsOf(event.metadata.occurredAt);
  const evaluateAt = row.evaluatedAt === null ? at : Math.max(row.evaluatedAt, at);
  // Time-driven changes since the last evaluated instant (none when no time has passed); the
  // history is copied only when one is added (as `advanceHistory` would add them).
  let history = row.history;
  if (row.evaluatedAt !== null && evaluateAt > row.evaluatedAt) {
    const facts = loyaltyFacts(row, evaluateAt, options);
    for (const change of stageChangesBetween(facts, row.evaluatedAt, evaluateAt, options)) {
      history = appendStage(history, change.stage, change.at, 'time');
    }
  }
  // applyFact made a new row: complete it in place rather than copy it again.
  const next = applyFact(row, event, at);
  next.known = true;
  const stage = loyaltyStage(loyaltyFacts(next, evaluateAt, options), evaluateAt, options);
  const current = history[history.length - 1]?.stage === stage;
  next.history = current ? history : appendStage(history, stage, evaluateAt, event.type);
  next.evaluatedAt = evaluateAt;
  return next;
};

/**
 * The loyalty view: per customer the facts behind stage, level and at-risk (judged at read time), the
 * customer's complaints with their tier boundaries, and the stage history recorded as events arrive.
 */
const views = { owners: loyaltyComplaintsView, customers: loyaltyCustomersView };

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
      session.put(loyaltyCustomersView, customerId, Object.assign(row, evolveLoyaltyRow(row, event, options.loyalty)));
    });
  },
});
