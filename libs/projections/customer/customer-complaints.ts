import type { ComplaintEvent } from '../../domain/complaint/events';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { tierBoundaries } from '../../domain/policies/cost-tier';
import type { TieredComplaint } from '../../domain/policies/retention';
import type { ViewDefinition, ViewSession } from '../view-store.port';

/** A complaint as the customer views keep it: enough to judge its tier at any `now`. Times are epoch ms. */
export interface CustomerComplaint extends TieredComplaint {
  complaintId: string;
  raisedAt: number;
}

/** Which customer a complaint belongs to: later complaint events carry only the complaint id. */
export interface ComplaintOwnerRow {
  complaintId: string;
  customerId: string;
}

/** A complaint → customer view; each projection keeps its own, so it can be rebuilt on its own. */
export const complaintOwnerView = (name: string): ViewDefinition<ComplaintOwnerRow> => ({
  name,
  columns: { customer_id: 'text' },
  index: (row) => ({ customer_id: row.customerId }),
});

/** The complaint a ComplaintRaised at `raisedAt` starts. */
export const raisedComplaint = (complaintId: string, raisedAt: number, options: CalendarOptions): CustomerComplaint => {
  const { tier10From, tier100From } = tierBoundaries(raisedAt, options);
  return { complaintId, raisedAt, tier10From, tier100From, status: 'open', resolvedAt: null };
};

/** Fold a later complaint event (at `at`, occurredAt in ms) into the complaint. */
export const evolveCustomerComplaint = (
  complaint: CustomerComplaint,
  event: ComplaintEvent,
  at: number,
): CustomerComplaint => {
  switch (event.type) {
    case 'ComplaintResolved':
      return { ...complaint, status: 'resolved', resolvedAt: at };
    case 'ComplaintReopened':
      return { ...complaint, status: 'open', resolvedAt: null };
    case 'ComplaintWithdrawn':
      return { ...complaint, status: 'withdrawn' };
    default:
      return complaint;
  }
};

/** Replace (or append) a complaint in a customer's list, keeping the list's order. */
export const withComplaint = (
  complaints: readonly CustomerComplaint[],
  complaint: CustomerComplaint,
): CustomerComplaint[] => {
  const index = complaints.findIndex((c) => c.complaintId === complaint.complaintId);
  return index === -1
    ? [...complaints, complaint]
    : complaints.map((c, i) => (i === index ? complaint : c));
};

/**
 * Route a complaint event to the customer that owns the complaint: records the owner on
 * ComplaintRaised, and answers the customer id for the complaint's later events (undefined if unknown).
 */
export const complaintOwner = async (
  view: ViewDefinition<ComplaintOwnerRow>,
  event: ComplaintEvent,
  session: ViewSession,
): Promise<string | undefined> => {
  if (event.type === 'ComplaintRaised') {
    const { complaintId, customerId } = event.data;
    session.put(view, complaintId, { complaintId, customerId });
    return customerId;
  }
  return (await session.get(view, event.data.complaintId))?.customerId;
};
