import type { Envelope, EnvelopeType } from '../envelope';
import {
  CHURN_REASONS,
  COMPANY_SUFFIXES,
  FIRST_NAMES,
  LAST_NAMES,
  NPS_BANDS,
  SUGGESTIONS,
} from './demo-catalog';
import { demoComplaint, type ComplaintContext } from './demo-complaint';
import { atWorkHour, DAY, dayBetween, HOUR, MINUTE, type Tier } from './demo-time';
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

export const DEFAULT_DEMO: Omit<DemoOptions, 'anchor'> = {
  seed: 42,
  customers: 400,
  days: 120,
  complaintsPerCustomer: 6,
};

const SEGMENTS = { consumer: 70, smb: 22, enterprise: 8 } as const;
/** Mean purchases, and the range of one purchase's amount (EUR), per segment. */
const PURCHASES = { consumer: [3, 20, 400], smb: [6, 150, 1500], enterprise: [10, 800, 9000] } as const;
/** Share of customers who complain at all, per segment. */
const COMPLAINERS = { consumer: 0.55, smb: 0.8, enterprise: 0.9 } as const;

interface Draft {
  at: number;
  seq: number;
  envelope: Omit<Envelope, 'occurredAt'>;
}

interface Customer {
  id: string;
  registeredAt: number;
  keyAccount: boolean;
  segment: keyof typeof SEGMENTS;
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
  private readonly start: number;
  private readonly complaints: ComplaintContext;
  private seq = 0;
  private complaintNo = 0;
  private customerNo = 0;
  private referralNo = 0;

  constructor(private readonly options: DemoOptions) {
    this.random = new Random(options.seed);
    this.start = options.anchor - options.days * DAY;
    this.complaints = { random: this.random, emit: this.emit, start: this.start, days: options.days };
  }

  generate(): Envelope[] {
    for (let i = 0; i < this.options.customers; i++) this.customer(this.initialRegistration());
    return this.drafts
      .filter((d) => d.at <= this.options.anchor)
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map(({ at, envelope }) => ({ ...envelope, occurredAt: new Date(at).toISOString() }));
  }

  private readonly emit = (
    at: number,
    source: string,
    type: EnvelopeType,
    data: Record<string, unknown>,
    actor?: string,
  ): number => {
    const seq = this.seq++;
    const sourceEventId = `demo-${this.options.seed}-${seq}`;
    this.drafts.push({
      at: Math.round(at),
      seq,
      envelope: { source, sourceEventId, type, ...(actor ? { actor } : {}), data },
    });
    return Math.round(at);
  };

  /** Most customers predate the history (some by years); some join during it. */
  private initialRegistration(): number {
    const roll = this.random.next();
    if (roll < 0.1) return this.start - this.random.between(700, 2200) * DAY;
    if (roll < 0.7) return this.start - this.random.between(5, 400) * DAY;
    return this.start + this.random.between(0, 0.9) * this.options.days * DAY;
  }

  /** A working-hour instant between `from` and the anchor. */
  private sometime(from: number): number {
    return atWorkHour(this.random, dayBetween(this.random, from, Math.max(from, this.options.anchor)));
  }

  private customer(registeredAt: number, referredName?: string): void {
    const r = this.random;
    const segment = r.weightedKey(SEGMENTS);
    const keyAccount = segment === 'enterprise' ? r.chance(0.8) : segment === 'smb' && r.chance(0.12);
    const name =
      referredName ??
      (segment === 'consumer'
        ? `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`
        : `${r.pick(LAST_NAMES)} ${r.pick(COMPANY_SUFFIXES)}`);
    const customer: Customer = {
      id: `K-${1000 + ++this.customerNo}`,
      registeredAt,
      keyAccount,
      segment,
      worstTier: 0,
    };
    this.emit(
      registeredAt,
      'crm',
      'customer.registered',
      { customerId: customer.id, name, segment, keyAccount },
      'system:crm',
    );
    this.life(customer);
  }

  /** Purchases, complaints, churn, scores, referrals: one customer's story, in time order per stream. */
  private life(customer: Customer): void {
    const r = this.random;
    const { anchor } = this.options;
    const id = customer.id;
    const activeFrom = Math.max(customer.registeredAt + HOUR, this.start - 180 * DAY);
    const [purchaseMean, minAmount, maxAmount] = PURCHASES[customer.segment];
    const purchases = Array.from({ length: r.poisson(purchaseMean) + 1 }, () =>
      dayBetween(r, activeFrom, anchor),
    );

    // Many customers never complain; those who do often complain more than once.
    const complaintStart = Math.max(this.start, customer.registeredAt + DAY);
    const mean = (this.options.complaintsPerCustomer * (customer.segment === 'consumer' ? 0.8 : 1.6)) / 0.62;
    const count =
      r.chance(COMPLAINERS[customer.segment]) && complaintStart < anchor
        ? 1 + r.poisson(Math.max(0, mean - 1))
        : 0;
    const raises = Array.from({ length: count }, () => this.sometime(complaintStart)).sort((a, b) => a - b);

    let churnedAt: number | null = null;
    let reactivatedAt: number | null = null;
    const inactive = (t: number) =>
      churnedAt !== null && t >= churnedAt && (reactivatedAt === null || t < reactivatedAt);
    const churn = (at: number) =>
      this.emit(at, 'crm', 'customer.churned', { customerId: id, reason: r.pick(CHURN_REASONS) });
    // A few leave for reasons of their own, whatever happens to their complaints.
    if (r.chance(0.03)) churnedAt = churn(dayBetween(r, Math.max(this.start, activeFrom), anchor));
    for (const raisedAt of raises) {
      if (inactive(raisedAt)) continue;
      const complaintId = `C-${10000 + ++this.complaintNo}`;
      const at = Math.min(raisedAt, anchor - r.between(5, 300) * MINUTE);
      const outcome = demoComplaint(this.complaints, customer, complaintId, at);
      if (outcome.tier === null) continue;
      customer.worstTier = Math.max(customer.worstTier, outcome.tier) as Customer['worstTier'];
      if (churnedAt !== null) continue;
      // Slow complaints drive customers away.
      if (r.chance(outcome.tier === 100 ? 0.09 : outcome.tier === 10 ? 0.025 : 0.004)) {
        churnedAt = churn(outcome.closedAt + r.between(1, 25) * DAY);
        if (r.chance(0.2)) {
          reactivatedAt = this.emit(churnedAt + r.between(10, 60) * DAY, 'crm', 'customer.reactivated', {
            customerId: id,
          });
        }
      }
    }
    for (const at of purchases.filter((t) => !inactive(t))) {
      const amount = Math.round(r.between(minAmount, maxAmount) * 100) / 100;
      this.emit(at, 'shop', 'customer.purchased', { customerId: id, amount, currency: 'EUR' }, 'system:shop');
    }
    this.nps(customer, inactive);
    this.relationship(customer, inactive);
  }

  /** NPS surveys, worse after slow complaints; promoters refer others. */
  private nps(customer: Customer, inactive: (t: number) => boolean): void {
    const r = this.random;
    const surveys = Number(r.weightedKey({ 0: 3, 1: 5, 2: 2 }));
    const from = Math.max(this.start, customer.registeredAt + DAY);
    for (let i = 0; i < surveys; i++) {
      const at = this.sometime(from);
      if (inactive(at)) continue;
      const band = r.weightedKey(NPS_BANDS[customer.worstTier]);
      const score = band === 'promoter' ? r.int(9, 10) : band === 'passive' ? r.int(7, 8) : r.int(0, 6);
      const data = { customerId: customer.id, kind: 'nps', score };
      this.emit(at, 'survey', 'satisfaction.recorded', data, `customer:${customer.id}`);
      if (score >= 9 && r.chance(0.6)) this.referral(customer, at + r.between(1, 20) * DAY);
    }
  }

  /** A promoter refers someone; half the referrals become customers with a story of their own. */
  private referral(customer: Customer, at: number): void {
    const r = this.random;
    const referralId = `R-${++this.referralNo}`;
    const referredName = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
    const data = { customerId: customer.id, referralId, referredName };
    const referredAt = this.emit(at, 'crm', 'customer.referred', data, `customer:${customer.id}`);
    if (!r.chance(0.5)) return;
    const convertedAt = referredAt + r.between(2, 30) * DAY;
    if (convertedAt > this.options.anchor) return;
    const newCustomerId = `K-${1000 + this.customerNo + 1}`;
    const converted = { customerId: customer.id, referralId, newCustomerId };
    this.emit(convertedAt, 'crm', 'customer.referral_converted', converted, 'system:crm');
    this.customer(convertedAt + HOUR, referredName);
  }

  /** Suggestions, and partnerships for key accounts (some of them long ago, hence lifelong ones). */
  private relationship(customer: Customer, inactive: (t: number) => boolean): void {
    const r = this.random;
    const id = customer.id;
    if (r.chance(0.12)) {
      for (let i = r.int(1, 2); i > 0; i--) {
        const at = this.sometime(Math.max(this.start, customer.registeredAt + DAY));
        if (!inactive(at))
          this.emit(
            at,
            'crm',
            'customer.suggested',
            { customerId: id, text: r.pick(SUGGESTIONS) },
            `customer:${id}`,
          );
      }
    }
    if (!customer.keyAccount || !r.chance(0.55)) return;
    const engagedAt = customer.registeredAt + r.between(20, 200) * DAY;
    this.emit(
      engagedAt,
      'crm',
      'customer.partnership_signed',
      { customerId: id, level: 'engaged' },
      'agent:key-accounts',
    );
    if (r.chance(0.4)) {
      const marriedAt = engagedAt + r.between(30, 200) * DAY;
      this.emit(
        marriedAt,
        'crm',
        'customer.partnership_signed',
        { customerId: id, level: 'married' },
        'agent:key-accounts',
      );
    }
  }
}
