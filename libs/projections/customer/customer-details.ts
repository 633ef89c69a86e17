import { customerDecider } from '../../domain/customer/decider';
import { customerStreamId, type CustomerEvent } from '../../domain/customer/events';
import { fold } from '../../domain/shared/decider';
import type { LoyaltyOptions } from '../../domain/policies/loyalty-stage';
import type { EventStore } from '../../event-store/event-store.port';
import type { ViewStore } from '../view-store.port';
import { historyEntryJson } from '../loyalty/loyalty-queries';
import { emptyLoyaltyRow, loyaltyCustomersView } from '../loyalty/loyalty-row';
import { loyaltyAt, nextLoyaltyChangeAt } from '../loyalty/loyalty-status';

const iso = (millis: number | null): string | null =>
  millis === null ? null : new Date(millis).toISOString();

/**
 * A customer's state folded from its stream, with stage, level, at-risk reasons and stage history at
 * `now` from the loyalty view. With `asOf`, only events recorded by then count (and `views` must be the
 * views as of then). Null when the customer's stream has no event.
 */
export const customerDetails = async (
  store: EventStore,
  views: ViewStore,
  customerId: string,
  now: number,
  options: Partial<LoyaltyOptions> = {},
  asOf?: number,
) => {
  const events = await store.readStream(customerStreamId(customerId), { recordedUpTo: asOf });
  const state = fold(
    customerDecider.evolve,
    customerDecider.initialState(),
    events as unknown as CustomerEvent[],
  );
  if (state.status === 'unknown') return null;
  const row = (await views.load(loyaltyCustomersView, customerId)) ?? emptyLoyaltyRow(customerId);
  const loyalty = loyaltyAt(row, now, options);
  const referrals = Object.values(state.details.referrals);
  const last = events[events.length - 1];
  return {
    ...state.details,
    status: state.status,
    churnedAt: state.status === 'churned' ? state.churnedAt : null,
    stage: loyalty.stage,
    level: loyalty.level,
    atRisk: loyalty.atRiskReasons.length > 0,
    atRiskReasons: loyalty.atRiskReasons,
    stageSince: iso(loyalty.stageSince),
    nextChangeAt: iso(nextLoyaltyChangeAt(row, now, options)),
    history: loyalty.history.map(historyEntryJson),
    purchases: { count: row.purchases.length, total: row.purchases.reduce((sum, p) => sum + p.amount, 0) },
    referralCounts: { made: referrals.length, converted: referrals.filter((r) => r !== null).length },
    complaints: {
      total: row.complaints.length,
      open: row.complaints.filter((c) => c.status === 'open').length,
    },
    version: last.streamVersion,
    lastRecordedAt: last.metadata.recordedAt,
    asOf: new Date(now).toISOString(),
  };
};
export type CustomerDetailsView = NonNullable<Awaited<ReturnType<typeof customerDetails>>>;
