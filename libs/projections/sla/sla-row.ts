import type { Severity } from '../../domain/complaint/events';
import type { CostTier } from '../../domain/policies/cost-tier';
import type { SlaBreaches } from '../../domain/policies/sla-targets';
import type { ViewDefinition } from '../view-store.port';

/** One complaint as the SLA view keeps it. Times are epoch ms; tiers of open complaints are computed at read time. */
export interface SlaRow {
  complaintId: string;
  customerId: string;
  channel: string;
  category: string;
  severity: Severity;
  formal: boolean;
  summary: string;
  keyAccount: boolean;
  status: 'open' | 'resolved' | 'withdrawn';
  raisedAt: number;
  raisedDate: string;
  tier10From: number;
  tier100From: number;
  acknowledgeBy: number;
  resolveBy: number;
  acknowledgedAt: number | null;
  /** First acknowledgement, resolution or withdrawal: what the acknowledge target measures. */
  firstResponseAt: number | null;
  /** The final resolution; a reopen clears it. */
  resolvedAt: number | null;
  withdrawnAt: number | null;
  resolvedTier: CostTier | null;
  assignee: string | null;
  team: string | null;
  escalations: number;
  escalationLevel: number;
  reopenCount: number;
  compensation: Array<{ amount: number; currency: string }>;
  lastEventAt: number;
}

/** What of a row moves with time: its tier, breaches and next deadline at `now`. */
export interface SlaRowState {
  tier: CostTier | null;
  breaches: SlaBreaches;
  /** Next instant at which an open complaint moves tier or breaches a target (null when none is ahead). */
  nextDeadlineAt: number | null;
  nextDeadline: 'tier10' | 'tier100' | 'acknowledge' | 'resolve' | null;
}

/**
 * The last instant at which the row's tier, breaches or next deadline can still change with time
 * alone (null: they never do). At any later `now` the row counts as it would at +Infinity, which
 * is what the SLA summary cells hold for it; rows at or after `now` are recounted live.
 */
export const settleAtOf = (row: SlaRow): number | null => {
  let last: number | null = null;
  const consider = (at: number) => {
    if (last === null || at > last) last = at;
  };
  if (row.status === 'open') {
    consider(row.tier10From);
    consider(row.tier100From);
    consider(row.resolveBy);
  } else if (row.status === 'resolved' && row.resolvedAt === null) consider(row.resolveBy);
  if (row.firstResponseAt === null) consider(row.acknowledgeBy);
  return last;
};

export const slaComplaintsView: ViewDefinition<SlaRow> = {
  name: 'sla_complaints',
  // Filters, sorts and the auto-escalation's deadline windows; low-cardinality columns are not worth an index.
  indexes: ['customer_id', 'category', 'team', 'channel', 'raised_at', 'tier10_from', 'resolve_by', 'settle_at'],
  columns: {
    status: 'text',
    customer_id: 'text',
    category: 'text',
    team: 'text',
    channel: 'text',
    severity: 'text',
    raised_at: 'integer',
    resolved_at: 'integer',
    resolved_tier: 'integer',
    tier10_from: 'integer',
    tier100_from: 'integer',
    resolve_by: 'integer',
    settle_at: 'integer',
  },
  index: (row) => ({
    status: row.status,
    customer_id: row.customerId,
    category: row.category,
    team: row.team,
    channel: row.channel,
    severity: row.severity,
    raised_at: row.raisedAt,
    resolved_at: row.resolvedAt,
    resolved_tier: row.resolvedTier,
    tier10_from: row.tier10From,
    tier100_from: row.tier100From,
    resolve_by: row.resolveBy,
    settle_at: settleAtOf(row),
  }),
};

/** What the SLA view needs to know of a customer: whether it is a key account. */
export interface SlaCustomerRow {
  customerId: string;
  keyAccount: boolean;
}

export const slaCustomersView: ViewDefinition<SlaCustomerRow> = {
  name: 'sla_customers',
  columns: { key_account: 'integer' },
  indexes: [],
  index: (row) => ({ key_account: row.keyAccount ? 1 : 0 }),
};
