import type { Severity } from '../complaint/events';

/** How fast a complaint must be acknowledged and resolved, in minutes from its raise. */
export interface SlaTarget {
  acknowledgeWithinMinutes: number;
  resolveWithinMinutes: number;
}

/** Targets per severity, for standard customers and for key accounts (tighter). */
export type SlaTargets = Record<Severity, { standard: SlaTarget; keyAccount: SlaTarget }>;

const hours = (h: number): number => h * 60;

export const DEFAULT_SLA_TARGETS: SlaTargets = {
  critical: {
    standard: { acknowledgeWithinMinutes: 15, resolveWithinMinutes: hours(4) },
    keyAccount: { acknowledgeWithinMinutes: 10, resolveWithinMinutes: hours(2) },
  },
  high: {
    standard: { acknowledgeWithinMinutes: 60, resolveWithinMinutes: hours(8) },
    keyAccount: { acknowledgeWithinMinutes: 30, resolveWithinMinutes: hours(4) },
  },
  normal: {
    standard: { acknowledgeWithinMinutes: hours(4), resolveWithinMinutes: hours(24) },
    keyAccount: { acknowledgeWithinMinutes: hours(2), resolveWithinMinutes: hours(12) },
  },
  low: {
    standard: { acknowledgeWithinMinutes: hours(8), resolveWithinMinutes: hours(72) },
    keyAccount: { acknowledgeWithinMinutes: hours(4), resolveWithinMinutes: hours(36) },
  },
};

/** The target that applies to a complaint of this severity from this kind of customer. */
export const slaTargetFor = (targets: SlaTargets, severity: Severity, keyAccount: boolean): SlaTarget =>
  keyAccount ? targets[severity].keyAccount : targets[severity].standard;

export interface SlaDeadlines {
  acknowledgeBy: number;
  resolveBy: number;
}

/** Deadlines (epoch ms) of a complaint raised at `raisedAt`. */
export const slaDeadlines = (raisedAt: number, target: SlaTarget): SlaDeadlines => ({
  acknowledgeBy: raisedAt + target.acknowledgeWithinMinutes * 60_000,
  resolveBy: raisedAt + target.resolveWithinMinutes * 60_000,
});

export interface SlaFacts {
  status: 'open' | 'resolved' | 'withdrawn';
  /** First acknowledgement, resolution or withdrawal, whichever came first. */
  firstResponseAt: number | null;
  /** Final resolution, or when it was withdrawn: the moment the clock stopped. */
  closedAt: number | null;
}

export interface SlaBreaches {
  acknowledge: boolean;
  resolve: boolean;
}

/**
 * A target is breached when its deadline passed without the event: the first response
 * (acknowledgement, or a resolution or withdrawal before one) and the final resolution
 * (a withdrawal stops that clock). Open complaints are judged at `now`.
 */
export const slaBreaches = (facts: SlaFacts, deadlines: SlaDeadlines, now: number): SlaBreaches => {
  const stoppedAt = facts.status === 'open' ? null : facts.closedAt;
  const ackAt = facts.firstResponseAt ?? now;
  const resolveAt = stoppedAt ?? now;
  return {
    acknowledge: ackAt > deadlines.acknowledgeBy,
    resolve: facts.status !== 'withdrawn' && resolveAt > deadlines.resolveBy,
  };
};
