import type { ComplaintEvent } from '../../domain/complaint/events';
import { customerEventSchemas, type CustomerEvent } from '../../domain/customer/events';
import type { DomainEvent } from '../../domain/events';
import type { StoredEvent } from '../../event-store/event-store.port';
import { epochMsOf } from '../../event-store/iso-instant';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { tierBoundaries } from '../../domain/policies/cost-tier';
import type { TieredComplaint } from '../../domain/policies/retention';
import { andThen, type MaybePromise, type ViewDefinition, type ViewSession } from '../view-store.port';

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
export const raisedComplaint = (
  complaintId: string,
  raisedAt: number,
  options: CalendarOptions,
): CustomerComplaint => {
  const { tier10From, tier100From } = tierBoundaries(raisedAt, options);
  return { complaintId, raisedAt, tier10From, tier100From, status: 'open', resolvedAt: null };
};

/**
 * Fold a later complaint event (at `at`, occurredAt in ms) into the complaint, in place (it belongs to
 * its customer's row). False when the event does not change it.
 */
export const evolveCustomerComplaint = (complaint: CustomerComplaint, event: ComplaintEvent, at: number): boolean => {
  switch (event.type) {
    case 'ComplaintResolved':
      complaint.status = 'resolved';
      complaint.resolvedAt = at;
      return true;
    case 'ComplaintReopened':
      complaint.status = 'open';
      complaint.resolvedAt = null;
      return true;
    case 'ComplaintWithdrawn':
      complaint.status = 'withdrawn';
      return true;
    default:
      return false;
  }
};

/** Replace (or append) a complaint in a customer's list, keeping the list's order. */
export const withComplaint = (
  complaints: readonly CustomerComplaint[],
  complaint: CustomerComplaint,
): CustomerComplaint[] => {
  const index = complaints.findIndex((c) => c.complaintId === complaint.complaintId);
  return index === -1 ? [...complaints, complaint] : complaints.map((c, i) => (i === index ? complaint : c));
};

const CUSTOMER_EVENT_TYPES = new Set<string>(Object.keys(customerEventSchemas));

/** True for the events of a customer stream. */
export const isCustomerEvent = (event: DomainEvent | StoredEvent): event is CustomerEvent =>
  CUSTOMER_EVENT_TYPES.has(event.type);

/** True for the events of a complaint stream. */
export const isComplaintEvent = (event: DomainEvent | StoredEvent): event is ComplaintEvent =>
  event.type.startsWith('Complaint');

/**
 * Route a complaint event to the customer that owns the complaint: records the owner on
 * ComplaintRaised, and answers the customer id for the complaint's later events (undefined if unknown).
 */
const complaintOwner = (
  view: ViewDefinition<ComplaintOwnerRow>,
  event: ComplaintEvent,
  session: ViewSession,
): MaybePromise<string | undefined> => {
  if (event.type === 'ComplaintRaised') {
    const { complaintId, customerId } = event.data;
    session.put(view, complaintId, { complaintId, customerId });
    return customerId;
  }
  return andThen(session.get(view, event.data.complaintId), (owner) => owner?.customerId);
};

/**
 * Keep a customer row's `complaints` up to date with a complaint event (keyed through the owners view).
 * A complaint may arrive before any event of its customer: the row is then started with `empty`.
 */
export const projectCustomerComplaint = <Row extends { complaints: CustomerComplaint[] }>(
  event: ComplaintEvent,
  session: ViewSession,
  views: { owners: ViewDefinition<ComplaintOwnerRow>; customers: ViewDefinition<Row> },
  empty: (customerId: string) => Row,
  options: CalendarOptions,
): MaybePromise<void> =>
  andThen(complaintOwner(views.owners, event, session), (customerId) => {
    if (customerId === undefined) return;
    return andThen(session.get(views.customers, customerId), (found) =>
      addCustomerComplaint(event, session, views.customers, found ?? empty(customerId), customerId, options),
    );
  });

/** Where a complaint is in a customer's list (-1: not there); ids are unique, and recent ones are asked for most. */
const indexOfComplaint = (complaints: readonly CustomerComplaint[], complaintId: string): number => {
  for (let i = complaints.length - 1; i >= 0; i--) if (complaints[i].complaintId === complaintId) return i;
  return -1;
};

/** Fold a complaint event into the customer row's list of complaints (in place) and put the row back. */
const addCustomerComplaint = <Row extends { complaints: CustomerComplaint[] }>(
  event: ComplaintEvent,
  session: ViewSession,
  view: ViewDefinition<Row>,
  row: Row,
  customerId: string,
  options: CalendarOptions,
): void => {
  const at = epochMsOf(event.metadata.occurredAt);
  const { complaintId } = event.data;
  const index = indexOfComplaint(row.complaints, complaintId);
  // The row is the session's own and updated in place, so its list is too (as `withComplaint` would order it).
  if (event.type === 'ComplaintRaised') {
    const raised = raisedComplaint(complaintId, at, options);
    if (index === -1) row.complaints.push(raised);
    else row.complaints[index] = raised;
  } else if (index === -1 || !evolveCustomerComplaint(row.complaints[index], event, at)) {
    // Unknown, or unchanged (an acknowledgement, assignment or escalation): the row stays as stored.
    return;
  }
  session.put(view, customerId, row);
};
