import { COMPLAINT_RAISED_KEYS, type ComplaintRaised } from '../../domain/complaint/events';
import { hasKeysInOrder } from '../../domain/shared/key-order';
import type { SlaRow } from './sla-row';

type RaisedData = ComplaintRaised['data'];
/** The row's fields that do not come from the event's data. */
export type RaisedFields = Omit<SlaRow, keyof RaisedData>;

/**
 * A new complaint's row: the raised event's data, then the other fields, as `{ ...data, ...fields }`
 * would give it (same JSON), written out field by field when the data has the schema's keys in order
 * (see `hasKeysInOrder`: a spread would give every row a hidden class of its own).
 */
export const raisedRow = (data: RaisedData, f: RaisedFields): SlaRow => {
  if (!hasKeysInOrder(data, COMPLAINT_RAISED_KEYS)) return { ...data, ...f };
  return {
    complaintId: data.complaintId,
    customerId: data.customerId,
    channel: data.channel,
    category: data.category,
    severity: data.severity,
    summary: data.summary,
    formal: data.formal,
    keyAccount: f.keyAccount,
    status: f.status,
    raisedAt: f.raisedAt,
    raisedDate: f.raisedDate,
    tier10From: f.tier10From,
    tier100From: f.tier100From,
    acknowledgeBy: f.acknowledgeBy,
    resolveBy: f.resolveBy,
    acknowledgedAt: f.acknowledgedAt,
    firstResponseAt: f.firstResponseAt,
    resolvedAt: f.resolvedAt,
    withdrawnAt: f.withdrawnAt,
    resolvedTier: f.resolvedTier,
    assignee: f.assignee,
    team: f.team,
    escalations: f.escalations,
    escalationLevel: f.escalationLevel,
    reopenCount: f.reopenCount,
    compensation: f.compensation,
    lastEventAt: f.lastEventAt,
  };
};
