/** When the policy escalates a complaint on its own: just before it leaves tier 1 or breaches its resolve target. */

export type EscalationTrigger = 'leaving_tier1' | 'resolve_target';

export interface EscalationFacts {
  status: 'open' | 'resolved' | 'withdrawn';
  /** First instant in tier 10. */
  tier10From: number;
  /** Resolve deadline. */
  resolveBy: number;
}

export interface AutoEscalationOptions {
  /** How long before a deadline the policy acts (ms). */
  leadMs: number;
  /** How long after a deadline a late sweep still acts (a process that was down catches up; ms). */
  catchUpMs: number;
}

export interface DueEscalation {
  trigger: EscalationTrigger;
  deadline: number;
}

const REASONS: Record<EscalationTrigger, string> = {
  leaving_tier1: 'About to leave tier 1 (the next day costs 10×)',
  resolve_target: 'About to breach its resolve target',
};

export const escalationReason = (due: DueEscalation): string => `${REASONS[due.trigger]} at ${new Date(due.deadline).toISOString()}`;

/** The escalations due for an open complaint at `now`: each deadline within the lead time ahead (or just missed). */
export const escalationsDue = (facts: EscalationFacts, now: number, options: AutoEscalationOptions): DueEscalation[] => {
  if (facts.status !== 'open' || options.leadMs <= 0) return [];
  const deadlines: DueEscalation[] = [
    { trigger: 'leaving_tier1', deadline: facts.tier10From },
    { trigger: 'resolve_target', deadline: facts.resolveBy },
  ];
  return deadlines.filter((d) => now >= d.deadline - options.leadMs && now < d.deadline + options.catchUpMs);
};
