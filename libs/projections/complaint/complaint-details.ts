import { complaintDecider } from '../../domain/complaint/decider';
import { complaintStreamId, type ComplaintEvent } from '../../domain/complaint/events';
import { customerDecider } from '../../domain/customer/decider';
import { customerStreamId, type CustomerEvent } from '../../domain/customer/events';
import { fold } from '../../domain/shared/decider';
import { complaintCost, tierBoundaries } from '../../domain/policies/cost-tier';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { slaBreaches, slaDeadlines, slaTargetFor, type SlaTargets } from '../../domain/policies/sla-targets';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';

export interface ComplaintDetailsOptions extends CalendarOptions {
  unitCost: number;
  targets: SlaTargets;
}

const iso = (millis: number | null | undefined): string | null =>
  millis === null || millis === undefined ? null : new Date(millis).toISOString();

/**
 * A complaint's current state folded from its stream, with tier, cost and SLA at `now`.
 * With `asOf`, only events recorded by then count, and `now` is that instant.
 */
export const complaintDetails = async (
  store: EventStore,
  complaintId: string,
  now: number,
  options: ComplaintDetailsOptions,
  asOf?: number,
) => {
  const events = await store.readStream(complaintStreamId(complaintId), { recordedUpTo: asOf });
  const state = fold(complaintDecider.evolve, complaintDecider.initialState(), events as unknown as ComplaintEvent[]);
  if (state.status === 'none') return null;
  const d = state.details;
  const raisedAt = Date.parse(d.raisedAt);
  const keyAccount = await keyAccountAt(store, d.customerId, events[0]);
  const resolvedAt = state.status === 'resolved' ? Date.parse(state.resolvedAt) : undefined;
  const { tier, cost } = complaintCost({ status: state.status, raisedAt, resolvedAt }, now, options);
  const boundaries = tierBoundaries(raisedAt, options);
  const deadlines = slaDeadlines(raisedAt, slaTargetFor(options.targets, d.severity, keyAccount));
  const closedAt = state.status === 'resolved' ? resolvedAt! : state.status === 'withdrawn' ? Date.parse(state.withdrawnAt) : null;
  const last = events[events.length - 1];
  return {
    ...d,
    status: state.status,
    keyAccount,
    resolvedAt: iso(resolvedAt),
    resolution: state.status === 'resolved' ? state.resolution : null,
    withdrawnAt: state.status === 'withdrawn' ? state.withdrawnAt : null,
    tier,
    cost,
    tier10From: iso(boundaries.tier10From),
    tier100From: iso(boundaries.tier100From),
    sla: {
      acknowledgeBy: iso(deadlines.acknowledgeBy),
      resolveBy: iso(deadlines.resolveBy),
      breaches: slaBreaches(
        { status: state.status, firstResponseAt: firstResponseAt(events), closedAt },
        deadlines,
        now,
      ),
    },
    version: last.streamVersion,
    lastRecordedAt: last.metadata.recordedAt,
    asOf: new Date(now).toISOString(),
  };
};

const RESPONSES = ['ComplaintAcknowledged', 'ComplaintResolved', 'ComplaintWithdrawn'];
const firstResponseAt = (events: StoredEvent[]): number | null => {
  const times = events.filter((e) => RESPONSES.includes(e.type)).map((e) => Date.parse(e.metadata.occurredAt));
  return times.length > 0 ? Math.min(...times) : null;
};

/** Whether the customer was a key account when the complaint was raised (as the SLA view judges it). */
const keyAccountAt = async (store: EventStore, customerId: string, raised: StoredEvent): Promise<boolean> => {
  const events = (await store.readStream(customerStreamId(customerId))).filter(
    (e) => e.globalPosition < raised.globalPosition,
  );
  const customer = fold(customerDecider.evolve, customerDecider.initialState(), events as unknown as CustomerEvent[]);
  return customer.status === 'unknown' ? false : customer.details.keyAccount;
};

/** A stream's events with their metadata, oldest first, for audit. */
export const complaintHistory = async (store: EventStore, complaintId: string, asOf?: number) =>
  (await store.readStream(complaintStreamId(complaintId), { recordedUpTo: asOf })).map((e) => ({
    position: e.globalPosition,
    version: e.streamVersion,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
  }));
