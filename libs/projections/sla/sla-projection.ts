import { epochMsOf } from '../../event-store/iso-instant';
import type { StoredEvent } from '../../event-store/event-store.port';
import type { ComplaintEvent, ComplaintRaised } from '../../domain/complaint/events';
import type { CustomerRegistered } from '../../domain/customer/events';
import { costTier, tierBoundaries } from '../../domain/policies/cost-tier';
import type { CalendarOptions } from '../../domain/policies/calendar';
import { slaDeadlines, slaTargetFor, type SlaTargets } from '../../domain/policies/sla-targets';
import { andThen, type MaybePromise, type Projection, type ViewSession } from '../view-store.port';
import { moveSummaryCells, placementOf, slaCellsView, slaDurationsView, updateSummaryCells } from './sla-cells';
import { raisedRow } from './sla-raised-row';
import { slaTimesView } from './sla-times';
import { slaComplaintsView, slaCustomersView, type SlaRow } from './sla-row';

export interface SlaProjectionOptions extends CalendarOptions {
  targets: SlaTargets;
}

type Handled = ComplaintEvent | CustomerRegistered;

/**
 * The complaint SLA view under the 1:10:100 rule: one row per complaint, plus key-account flags,
 * and the summary cells (sla-cells.ts) kept in step with every row change.
 */
export const slaProjection = (options: SlaProjectionOptions): Projection => ({
  name: 'sla',
  // 2: summary cells and durations views, settle_at column (views of version 1 lack them).
  // 3: the lean times view beside the durations (views of version 2 lack it).
  version: 3,
  views: [slaComplaintsView, slaCustomersView, slaCellsView, slaDurationsView, slaTimesView],
  apply(stored: StoredEvent, session: ViewSession): MaybePromise<void> {
    const event = stored as unknown as Handled;
    const at = epochMsOf(event.metadata.occurredAt);
    if (event.type === 'CustomerRegistered') {
      const { customerId, keyAccount } = event.data;
      session.put(slaCustomersView, customerId, { customerId, keyAccount });
      return;
    }
    if (!event.type.startsWith('Complaint')) return;
    const key = event.data.complaintId;
    if (event.type === 'ComplaintRaised') {
      const raise = event;
      return andThen(session.get(slaCustomersView, raise.data.customerId), (customer) =>
        andThen(session.get(slaComplaintsView, key), (before) => {
          const raised = raisedRowOf(raise, at, customer?.keyAccount ?? false, options);
          return andThen(updateSummaryCells(session, before, raised), () => session.put(slaComplaintsView, key, raised));
        }),
      );
    }
    const later = event;
    return andThen(session.get(slaComplaintsView, key), (row) => {
      if (!row) return;
      // The row is the session's own (see ViewSession): changed in place, after noting how it counted.
      const before = placementOf(row);
      const responded = later.type === 'ComplaintAcknowledged' || later.type === 'ComplaintResolved' || later.type === 'ComplaintWithdrawn';
      evolveRow(row, later, at, options);
      if (responded) row.firstResponseAt = Math.min(row.firstResponseAt ?? at, at);
      row.lastEventAt = Math.max(row.lastEventAt, at);
      return andThen(moveSummaryCells(session, before, row), () => session.put(slaComplaintsView, key, row));
    });
  },
});

/** The row a complaint starts with (raised at `at`, epoch ms). */
const raisedRowOf = (event: ComplaintRaised, at: number, keyAccount: boolean, options: SlaProjectionOptions): SlaRow => {
  const boundaries = tierBoundaries(at, options);
  const deadlines = slaDeadlines(at, slaTargetFor(options.targets, event.data.severity, keyAccount));
  return raisedRow(event.data, {
    keyAccount,
    status: 'open',
    raisedAt: at,
    raisedDate: boundaries.raisedDate,
    tier10From: boundaries.tier10From,
    tier100From: boundaries.tier100From,
    acknowledgeBy: deadlines.acknowledgeBy,
    resolveBy: deadlines.resolveBy,
    acknowledgedAt: null,
    firstResponseAt: null,
    resolvedAt: null,
    withdrawnAt: null,
    resolvedTier: null,
    assignee: null,
    team: null,
    escalations: 0,
    escalationLevel: 0,
    reopenCount: 0,
    compensation: [],
    lastEventAt: at,
  });
};

/** Apply one event to a row in place (only fields it already has: its stored shape stays the same). */
const evolveRow = (row: SlaRow, event: ComplaintEvent, at: number, options: CalendarOptions): void => {
  switch (event.type) {
    case 'ComplaintAcknowledged':
      row.acknowledgedAt = row.acknowledgedAt ?? at;
      return;
    case 'ComplaintAssigned':
      row.assignee = event.data.assignee;
      row.team = event.data.team;
      return;
    case 'ComplaintEscalated':
      row.escalations += 1;
      row.escalationLevel = Math.max(row.escalationLevel, event.data.level);
      return;
    case 'ComplaintResolved':
      row.status = 'resolved';
      row.resolvedAt = at;
      row.resolvedTier = costTier(row.raisedAt, at, options);
      if (event.data.compensation) row.compensation = [...row.compensation, event.data.compensation];
      return;
    case 'ComplaintReopened':
      row.status = 'open';
      row.resolvedAt = null;
      row.resolvedTier = null;
      row.reopenCount += 1;
      return;
    case 'ComplaintWithdrawn':
      row.status = 'withdrawn';
      row.withdrawnAt = at;
      return;
    default:
      return;
  }
};
