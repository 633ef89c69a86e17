import type { EnvelopeType } from '../envelope';
import {
  ACK_MINUTES,
  AGENTS,
  CATEGORIES,
  CHANNELS,
  CSAT_COMMENTS,
  CSAT_WEIGHTS,
  ESCALATION_REASONS,
  LATER_DAYS,
  REOPEN_REASONS,
  SEVERITY_WEIGHTS,
  WITHDRAW_REASONS,
} from './demo-catalog';
import { atWorkHour, DAY, HOUR, MINUTE, utcTier, type Tier } from './demo-time';
import type { Random } from './random';

/** Records one envelope at an instant; answers the (rounded) instant. */
export type Emit = (
  at: number,
  source: string,
  type: EnvelopeType,
  data: Record<string, unknown>,
  actor?: string,
) => number;

export interface ComplaintContext {
  random: Random;
  emit: Emit;
  /** Start of the history and its length, for the improvement trend. */
  start: number;
  days: number;
}

export interface ComplainingCustomer {
  id: string;
  keyAccount: boolean;
}

/**
 * One complaint's lifecycle as desks report it: raised, mostly acknowledged and assigned, sometimes
 * escalated, then withdrawn or resolved the same day, the next day or later (the same-day share grows
 * over the history), sometimes reopened and resolved again, often followed by a CSAT score that
 * reflects the tier. Answers the final tier (null: withdrawn) and when it closed.
 */
export const demoComplaint = (
  { random: r, emit, start, days }: ComplaintContext,
  customer: ComplainingCustomer,
  complaintId: string,
  raisedAt: number,
): { tier: Tier | null; closedAt: number } => {
  const category = r.weighted(CATEGORIES.map((c) => [c, c.weight] as const));
  const [channel, , source] = r.weighted(CHANNELS.map((c) => [c, c[1]] as const));
  const severity = r.weightedKey(SEVERITY_WEIGHTS);
  const formal = channel === 'social' || channel === 'store' ? r.chance(0.4) : r.chance(0.95);
  const agent = `agent:${r.pick(AGENTS[category.team])}`;
  const byCustomer = `customer:${customer.id}`;
  const c = { complaintId };
  const summary = r.pick(category.summaries);
  const raised = {
    ...c,
    customerId: customer.id,
    channel,
    category: category.name,
    severity,
    summary,
    formal,
  };
  let t = emit(raisedAt, source, 'complaint.raised', raised, byCustomer);

  const progress = Math.min(1, Math.max(0, (raisedAt - start) / (days * DAY)));
  const sameDay =
    0.36 + 0.3 * progress + (customer.keyAccount ? 0.1 : 0) + (severity === 'critical' ? 0.1 : 0);
  const plan = r.weightedKey({
    withdrawn: 4,
    same: sameDay * 96,
    next: 26,
    later: Math.max(4, 96 - sameDay * 96 - 26),
  });
  const endOfDay = Math.floor(raisedAt / DAY) * DAY + DAY - 5 * MINUTE;
  let firstEnd: number;
  if (plan === 'same' || plan === 'withdrawn') {
    firstEnd =
      raisedAt + Math.max(15 * MINUTE, r.next() * (endOfDay - raisedAt) * (plan === 'withdrawn' ? 1 : 0.8));
  } else if (plan === 'next') {
    firstEnd = atWorkHour(r, raisedAt + DAY);
  } else {
    firstEnd = atWorkHour(r, raisedAt + Number(r.weightedKey(LATER_DAYS)) * DAY);
  }

  if (r.chance(0.93)) {
    const [fastest, slowest] = ACK_MINUTES[severity];
    const ackAt = raisedAt + r.between(fastest, slowest) * MINUTE;
    if (ackAt < firstEnd - 2 * MINUTE) {
      t = emit(ackAt, source, 'complaint.acknowledged', { ...c, by: agent }, agent);
      const assignAt = t + r.between(1, 30) * MINUTE;
      if (assignAt < firstEnd - MINUTE) {
        t = emit(
          assignAt,
          source,
          'complaint.assigned',
          { ...c, assignee: agent, team: category.team },
          'system:router',
        );
      }
    }
  }
  if (plan === 'withdrawn') {
    const reason = r.pick(WITHDRAW_REASONS);
    return {
      tier: null,
      closedAt: emit(
        Math.max(firstEnd, t + MINUTE),
        source,
        'complaint.withdrawn',
        { ...c, reason },
        byCustomer,
      ),
    };
  }
  const escalate = plan === 'later' ? 0.55 : plan === 'next' ? 0.15 : severity === 'critical' ? 0.3 : 0.02;
  if (r.chance(escalate)) {
    const levels = r.chance(0.3) ? 2 : 1;
    for (let level = 1; level <= levels; level++) {
      const at = t + (firstEnd - t) * r.between(0.2, 0.5);
      if (at <= t || at >= firstEnd) break;
      const by = r.weightedKey({ policy: 5, customer: 3, agent: 2 });
      const data = { ...c, level, reason: r.pick(ESCALATION_REASONS), by };
      t = emit(at, source, 'complaint.escalated', data, by === 'policy' ? 'system:policy' : agent);
    }
  }
  const resolve = (at: number): number => {
    const tier = utcTier(raisedAt, at);
    const compensate = r.chance(tier === 100 ? 0.4 : tier === 10 ? 0.15 : 0.03);
    const compensation = compensate ? { compensation: { amount: r.int(1, 30) * 5, currency: 'EUR' } } : {};
    return emit(
      at,
      source,
      'complaint.resolved',
      { ...c, resolution: r.pick(category.resolutions), ...compensation },
      agent,
    );
  };
  let resolvedAt = resolve(Math.max(firstEnd, t + MINUTE));
  const reopened = r.chance(0.07);
  if (reopened) {
    const reopenAt = emit(
      resolvedAt + r.between(0.3, 4) * DAY,
      source,
      'complaint.reopened',
      { ...c, reason: r.pick(REOPEN_REASONS) },
      byCustomer,
    );
    resolvedAt = resolve(Math.max(atWorkHour(r, reopenAt + r.between(0.2, 6) * DAY), reopenAt + MINUTE));
  }
  const tier = utcTier(raisedAt, resolvedAt);
  if (r.chance(0.55)) {
    const score = Math.max(
      1,
      r.weighted(CSAT_WEIGHTS[tier].map((w, i) => [i + 1, w] as const)) - (reopened ? 1 : 0),
    );
    const comment = r.chance(0.4) ? { comment: r.pick(CSAT_COMMENTS[score]) } : {};
    const data = { customerId: customer.id, kind: 'csat', score, complaintId, ...comment };
    emit(resolvedAt + r.between(1, 48) * HOUR, 'survey', 'satisfaction.recorded', data, byCustomer);
  }
  return { tier, closedAt: resolvedAt };
};
