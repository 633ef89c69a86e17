import type { Envelope, EnvelopeType } from '../envelope';
import {
  AGENTS,
  CATEGORIES,
  CHANNELS,
  CHURN_REASONS,
  COMPANY_SUFFIXES,
  CSAT_COMMENTS,
  ESCALATION_REASONS,
  FIRST_NAMES,
  LAST_NAMES,
  REOPEN_REASONS,
  SUGGESTIONS,
  WITHDRAW_REASONS,
} from './demo-catalog';
import { Random } from './random';

export interface DemoOptions {
  seed: number;
  /** Customers at the start (referred customers come on top). */
  customers: number;
  /** Length of the complaint history in days, ending at `anchor`. */
  days: number;
  /** The history's "now" (epoch ms): every time is relative to it and nothing later is emitted. */
  anchor: number;
  /** Mean complaints per customer over the history. */
  complaintsPerCustomer: number;
}

export const DEFAULT_DEMO: Omit<DemoOptions, 'anchor'> = { seed: 42, customers: 400, days: 120, complaintsPerCustomer: 6 };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Tier = 1 | 10 | 100;
/** The tier as the server computes it with TENFOLD_TIME_ZONE=UTC and no business calendar. */
const utcTier = (raisedAt: number, endAt: number): Tier => {
  const days = Math.floor(endAt / DAY) - Math.floor(raisedAt / DAY);
  return days <= 0 ? 1 : days === 1 ? 10 : 100;
};

interface Draft {
  at: number;
  seq: number;
  envelope: Omit<Envelope, 'occurredAt'>;
}

interface Customer {
  id: string;
  registeredAt: number;
  keyAccount: boolean;
  segment: 'consumer' | 'smb' | 'enterprise';
  /** Worst tier of the customer's complaints so far (0: none). */
  worstTier: 0 | Tier;
}

/**
 * A realistic, deterministic history of customers and complaints, as desks would send it:
 * registrations, purchases, complaints resolved the same day, the next day or later (improving over
 * the months), acknowledgements, assignments, escalations, reopenings, withdrawals, CSAT and NPS
 * scores, referrals and their conversions, suggestions, partnerships, churn and reactivation.
 * Same options, same envelopes (ids included); times are relative to `anchor`.
 */
export const generateDemoHistory = (options: DemoOptions): Envelope[] => new DemoHistory(options).generate();

class DemoHistory {
  private readonly random: Random;
  private readonly drafts: Draft[] = [];
  private seq = 0;
  private complaintNo = 0;
  private customerNo = 0;
  private referralNo = 0;
  private readonly start: number;

  constructor(private readonly options: DemoOptions) {
    this.random = new Random(options.seed);
    this.start = options.anchor - options.days * DAY;
  }

  generate(): Envelope[] {
    for (let i = 0; i < this.options.customers; i++) this.customer(this.initialRegistration());
    return this.drafts
      .filter((d) => d.at <= this.options.anchor)
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map(({ at, envelope }) => ({ ...envelope, occurredAt: new Date(at).toISOString() }));
  }

  private emit(at: number, source: string, type: EnvelopeType, data: Record<string, unknown>, actor?: string): number {
    const seq = this.seq++;
    const envelope = { source, sourceEventId: `demo-${this.options.seed}-${seq}`, type, ...(actor ? { actor } : {}), data };
    this.drafts.push({ at: Math.round(at), seq, envelope });
    return Math.round(at);
  }

  /** Most customers predate the history; some join during it. */
  private initialRegistration(): number {
    const roll = this.random.next();
    if (roll < 0.1) return this.start - this.random.between(700, 2200) * DAY;
    if (roll < 0.7) return this.start - this.random.between(5, 400) * DAY;
    return this.start + this.random.between(0, 0.9) * this.options.days * DAY;
  }

  /** An instant on the day of `t` at a business-like hour (weighted to office hours). */
  private atWorkHour(dayOf: number): number {
    const hour = this.random.weighted([
      [7, 2], [8, 6], [9, 9], [10, 10], [11, 9], [12, 6], [13, 8], [14, 9], [15, 8], [16, 7], [17, 5], [18, 3], [19, 2], [20, 1],
    ] as const);
    return Math.floor(dayOf / DAY) * DAY + hour * HOUR + this.random.int(0, 59) * MINUTE;
  }

  /** A day in [from, to], weekends less likely. */
  private dayBetween(from: number, to: number): number {
    for (;;) {
      const t = this.random.between(from, to);
      const weekday = new Date(t).getUTCDay();
      if (weekday !== 0 && weekday !== 6) return t;
      if (this.random.chance(0.4)) return t;
    }
  }

  private customer(registeredAt: number, referredName?: string): Customer {
    const no = ++this.customerNo;
    const segment = this.random.weighted([['consumer', 70], ['smb', 22], ['enterprise', 8]] as const);
    const keyAccount = segment === 'enterprise' ? this.random.chance(0.8) : segment === 'smb' && this.random.chance(0.12);
    const name =
      referredName ??
      (segment === 'consumer'
        ? `${this.random.pick(FIRST_NAMES)} ${this.random.pick(LAST_NAMES)}`
        : `${this.random.pick(LAST_NAMES)} ${this.random.pick(COMPANY_SUFFIXES)}`);
    const customer: Customer = { id: `K-${1000 + no}`, registeredAt, keyAccount, segment, worstTier: 0 };
    this.emit(registeredAt, 'crm', 'customer.registered', { customerId: customer.id, name, segment, keyAccount }, 'system:crm');
    this.life(customer);
    return customer;
  }

  /** Purchases, complaints, scores, referrals, churn: one customer's story, in time order per stream. */
  private life(customer: Customer): void {
    const { anchor } = this.options;
    const activeFrom = Math.max(customer.registeredAt + HOUR, this.start - 180 * DAY);
    const perSegment = { consumer: [3, 20, 400], smb: [6, 150, 1500], enterprise: [10, 800, 9000] } as const;
    const [purchaseMean, minAmount, maxAmount] = perSegment[customer.segment];
    const purchases = Array.from({ length: this.random.poisson(purchaseMean) + 1 }, () => this.dayBetween(activeFrom, anchor)).sort((a, b) => a - b);

    // Many customers never complain; those who do, often complain more than once.
    const complains = this.random.chance({ consumer: 0.55, smb: 0.8, enterprise: 0.9 }[customer.segment]);
    const complaintMean = (this.options.complaintsPerCustomer * (customer.segment === 'consumer' ? 0.8 : 1.6)) / 0.62;
    const complaintStart = Math.max(this.start, customer.registeredAt + DAY);
    const count = complains && complaintStart < anchor ? 1 + this.random.poisson(Math.max(0, complaintMean - 1)) : 0;
    const raises = Array.from({ length: count }, () => this.atWorkHour(this.dayBetween(complaintStart, anchor))).sort((a, b) => a - b);

    let churnedAt: number | null = null;
    let reactivatedAt: number | null = null;
    const inactive = (t: number) => churnedAt !== null && t >= churnedAt && (reactivatedAt === null || t < reactivatedAt);
    // A few leave for reasons of their own, whatever happens to their complaints.
    if (this.random.chance(0.03)) {
      churnedAt = this.emit(this.dayBetween(Math.max(this.start, activeFrom), anchor), 'crm', 'customer.churned', {
        customerId: customer.id,
        reason: this.random.pick(CHURN_REASONS),
      });
    }
    for (const raisedAt of raises) {
      if (inactive(raisedAt)) continue;
      const outcome = this.complaint(customer, Math.min(raisedAt, anchor - this.random.between(5, 300) * MINUTE));
      if (churnedAt !== null || outcome.tier === null) continue;
      const churnChance = outcome.tier === 100 ? 0.09 : outcome.tier === 10 ? 0.025 : 0.004;
      if (this.random.chance(churnChance)) {
        churnedAt = this.emit(outcome.closedAt + this.random.between(1, 25) * DAY, 'crm', 'customer.churned', {
          customerId: customer.id,
          reason: this.random.pick(CHURN_REASONS),
        });
        if (this.random.chance(0.2)) {
          reactivatedAt = this.emit(churnedAt + this.random.between(10, 60) * DAY, 'crm', 'customer.reactivated', { customerId: customer.id });
        }
      }
    }
    for (const at of purchases) {
      if (inactive(at)) continue;
      const amount = Math.round(this.random.between(minAmount, maxAmount) * 100) / 100;
      this.emit(at, 'shop', 'customer.purchased', { customerId: customer.id, amount, currency: 'EUR' }, 'system:shop');
    }
    this.nps(customer, inactive);
    this.relationship(customer, inactive);
  }

  /** One complaint's lifecycle; returns its final tier (null: withdrawn or still open) and when it closed. */
  private complaint(customer: Customer, raisedAt: number): { tier: Tier | null; closedAt: number } {
    const r = this.random;
    const id = `C-${10000 + ++this.complaintNo}`;
    const category = r.weighted(CATEGORIES.map((c) => [c, c.weight] as const));
    const [channel, , source] = r.weighted(CHANNELS.map((c) => [c, c[1]] as const));
    const severity = r.weighted([['low', 20], ['normal', 55], ['high', 20], ['critical', 5]] as const);
    const formal = channel === 'social' || channel === 'store' ? r.chance(0.4) : r.chance(0.95);
    const agents = AGENTS[category.team];
    const agent = `agent:${r.pick(agents)}`;
    const c = { complaintId: id };
    let t = this.emit(raisedAt, source, 'complaint.raised', {
      ...c,
      customerId: customer.id,
      channel,
      category: category.name,
      severity,
      summary: r.pick(category.summaries),
      formal,
    }, `customer:${customer.id}`);

    // Later months get better at solving the same day: the trend the dashboard should show.
    const progress = Math.min(1, Math.max(0, (raisedAt - this.start) / (this.options.days * DAY)));
    const sameDay = 0.36 + 0.3 * progress + (customer.keyAccount ? 0.1 : 0) + (severity === 'critical' ? 0.1 : 0);
    const plan = r.weighted([['withdrawn', 4], ['same', sameDay * 96], ['next', 26], ['later', Math.max(4, 96 - sameDay * 96 - 26)]] as const);
    const endOfDay = Math.floor(raisedAt / DAY) * DAY + DAY - 5 * MINUTE;
    const firstEnd =
      plan === 'same' || plan === 'withdrawn'
        ? raisedAt + Math.max(15 * MINUTE, r.next() * (endOfDay - raisedAt) * (plan === 'withdrawn' ? 1 : 0.8))
        : plan === 'next'
          ? this.atWorkHour(raisedAt + DAY)
          : this.atWorkHour(raisedAt + r.weighted([[2, 5], [3, 4], [4, 3], [6, 2], [9, 1], [14, 1]] as const) * DAY);

    const ackWithin = { critical: [2, 20], high: [5, 60], normal: [10, 240], low: [30, 600] }[severity];
    if (r.chance(0.93)) {
      const ackAt = raisedAt + r.between(ackWithin[0], ackWithin[1]) * MINUTE;
      if (ackAt < firstEnd - 2 * MINUTE) {
        t = this.emit(ackAt, source, 'complaint.acknowledged', { ...c, by: agent }, agent);
        const assignAt = t + r.between(1, 30) * MINUTE;
        if (assignAt < firstEnd - MINUTE) t = this.emit(assignAt, source, 'complaint.assigned', { ...c, assignee: agent, team: category.team }, 'system:router');
      }
    }
    if (plan === 'withdrawn') {
      const at = this.emit(Math.max(firstEnd, t + MINUTE), source, 'complaint.withdrawn', { ...c, reason: r.pick(WITHDRAW_REASONS) }, `customer:${customer.id}`);
      return { tier: null, closedAt: at };
    }
    const escalate = plan === 'later' ? 0.55 : plan === 'next' ? 0.15 : severity === 'critical' ? 0.3 : 0.02;
    if (r.chance(escalate)) {
      const levels = r.chance(0.3) ? 2 : 1;
      for (let level = 1; level <= levels; level++) {
        const at = t + (firstEnd - t) * r.between(0.2, 0.5);
        if (at <= t || at >= firstEnd) break;
        const by = r.weighted([['policy', 5], ['customer', 3], ['agent', 2]] as const);
        t = this.emit(at, source, 'complaint.escalated', { ...c, level, reason: r.pick(ESCALATION_REASONS), by }, by === 'policy' ? 'system:policy' : agent);
      }
    }
    let resolvedAt = this.resolve(c.complaintId, source, agent, category.resolutions, Math.max(firstEnd, t + MINUTE), raisedAt);
    let reopened = false;
    if (r.chance(0.07)) {
      reopened = true;
      const reopenAt = this.emit(resolvedAt + r.between(0.3, 4) * DAY, source, 'complaint.reopened', { ...c, reason: r.pick(REOPEN_REASONS) }, `customer:${customer.id}`);
      resolvedAt = this.resolve(c.complaintId, source, agent, category.resolutions, this.atWorkHour(reopenAt + r.between(0.2, 6) * DAY), raisedAt, reopenAt);
    }
    const tier = utcTier(raisedAt, resolvedAt);
    customer.worstTier = Math.max(customer.worstTier, tier) as Customer['worstTier'];
    if (r.chance(0.55)) this.csat(customer, id, tier, reopened, resolvedAt);
    return { tier, closedAt: resolvedAt };
  }

  private resolve(complaintId: string, source: string, agent: string, resolutions: readonly string[], at: number, raisedAt: number, after = 0): number {
    const when = Math.max(at, after + MINUTE);
    const tier = utcTier(raisedAt, when);
    const compensate = this.random.chance(tier === 100 ? 0.4 : tier === 10 ? 0.15 : 0.03);
    return this.emit(when, source, 'complaint.resolved', {
      complaintId,
      resolution: this.random.pick(resolutions),
      ...(compensate ? { compensation: { amount: this.random.int(1, 30) * 5, currency: 'EUR' } } : {}),
    }, agent);
  }

  private csat(customer: Customer, complaintId: string, tier: Tier, reopened: boolean, resolvedAt: number): void {
    const weights = {
      1: [2, 3, 10, 35, 50],
      10: [5, 10, 25, 40, 20],
      100: [20, 30, 30, 15, 5],
    }[tier];
    let score = this.random.weighted(weights.map((w, i) => [i + 1, w] as const));
    if (reopened) score = Math.max(1, score - 1);
    const comment = this.random.chance(0.4) ? { comment: this.random.pick(CSAT_COMMENTS[score]) } : {};
    this.emit(resolvedAt + this.random.between(1, 48) * HOUR, 'survey', 'satisfaction.recorded', {
      customerId: customer.id,
      kind: 'csat',
      score,
      complaintId,
      ...comment,
    }, `customer:${customer.id}`);
  }

  private nps(customer: Customer, inactive: (t: number) => boolean): void {
    const surveys = this.random.weighted([[0, 3], [1, 5], [2, 2]] as const);
    const from = Math.max(this.start, customer.registeredAt + DAY);
    const [detractor, passive, promoter] = { 0: [8, 30, 62], 1: [10, 35, 55], 10: [25, 40, 35], 100: [60, 28, 12] }[customer.worstTier];
    for (let i = 0; i < surveys; i++) {
      const at = this.atWorkHour(this.dayBetween(from, Math.max(from, this.options.anchor)));
      if (inactive(at)) continue;
      const band = this.random.weighted([['detractor', detractor], ['passive', passive], ['promoter', promoter]] as const);
      const score = band === 'promoter' ? this.random.int(9, 10) : band === 'passive' ? this.random.int(7, 8) : this.random.int(0, 6);
      this.emit(at, 'survey', 'satisfaction.recorded', { customerId: customer.id, kind: 'nps', score }, `customer:${customer.id}`);
      if (score >= 9 && this.random.chance(0.6)) this.referral(customer, at + this.random.between(1, 20) * DAY);
    }
  }

  /** A promoter refers someone; some referrals become customers with their own story. */
  private referral(customer: Customer, at: number): void {
    const referralId = `R-${++this.referralNo}`;
    const referredName = `${this.random.pick(FIRST_NAMES)} ${this.random.pick(LAST_NAMES)}`;
    const referredAt = this.emit(at, 'crm', 'customer.referred', { customerId: customer.id, referralId, referredName }, `customer:${customer.id}`);
    if (!this.random.chance(0.5)) return;
    const convertedAt = referredAt + this.random.between(2, 30) * DAY;
    if (convertedAt > this.options.anchor) return;
    const newCustomerId = `K-${1000 + this.customerNo + 1}`;
    this.emit(convertedAt, 'crm', 'customer.referral_converted', { customerId: customer.id, referralId, newCustomerId }, 'system:crm');
    this.customer(convertedAt + HOUR, referredName);
  }

  private relationship(customer: Customer, inactive: (t: number) => boolean): void {
    const { anchor } = this.options;
    if (this.random.chance(0.12)) {
      for (let i = this.random.int(1, 2); i > 0; i--) {
        const from = Math.max(this.start, customer.registeredAt + DAY);
        const at = this.atWorkHour(this.dayBetween(from, Math.max(from, anchor)));
        if (!inactive(at)) this.emit(at, 'crm', 'customer.suggested', { customerId: customer.id, text: this.random.pick(SUGGESTIONS) }, `customer:${customer.id}`);
      }
    }
    if (customer.keyAccount && this.random.chance(0.55)) {
      const engagedAt = customer.registeredAt + this.random.between(20, 200) * DAY;
      this.emit(engagedAt, 'crm', 'customer.partnership_signed', { customerId: customer.id, level: 'engaged' }, 'agent:key-accounts');
      if (this.random.chance(0.4)) {
        this.emit(engagedAt + this.random.between(30, 200) * DAY, 'crm', 'customer.partnership_signed', { customerId: customer.id, level: 'married' }, 'agent:key-accounts');
      }
    }
  }
}
