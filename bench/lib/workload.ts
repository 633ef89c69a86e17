import { ENVELOPE_ROUTES, type EnvelopeType } from '../../libs/integrations/envelope';
import { formatUuid, uuidV7Bytes } from '../../libs/event-store/event-id';
import type { NewEvent } from '../../libs/event-store/event-store.port';
import { Rng } from './random';

/**
 * The deterministic workload every scenario feeds to Tenfold, its peer and the limit row: a support
 * desk's history in business-time order — customers registering, buying, referring, scoring and
 * churning; complaints raised, acknowledged, assigned, escalated, resolved, reopened, withdrawn.
 */

export interface WireEnvelope {
  source: string;
  sourceEventId: string;
  type: EnvelopeType;
  occurredAt: string;
  actor: string;
  data: Record<string, unknown>;
}

/** One generated fact: the envelope a desk would send and the domain event Tenfold would store. */
export interface Fact {
  /** 0-based position in the workload. */
  seq: number;
  envelope: WireEnvelope;
  /** Domain event type, e.g. `ComplaintRaised`. */
  eventType: string;
  /** The stream Tenfold appends it to (`complaint-C-17`, `customer-K-4`). */
  streamId: string;
  /** Epoch ms of `occurredAt`. */
  at: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.parse('2026-01-05T08:00:00.000Z');
/** The history spans about this long whatever the number of events (arrival rates scale with it). */
const HORIZON_DAYS = 180;
/** Measured events per customer arrival in this model (customer events + its complaints' events). */
const EVENTS_PER_CUSTOMER = 14;

const DESKS = ['zendesk', 'freshdesk', 'chatwoot', 'zammad'] as const;
const CHANNELS = ['email', 'phone', 'chat', 'web', 'social', 'store'] as const;
const CATEGORIES = ['billing', 'delivery', 'product quality', 'service', 'refund', 'technical', 'account'] as const;
const TEAMS = ['billing', 'logistics', 'tech', 'care', 'escalations'] as const;
const AGENTS = ['ana', 'bram', 'chen', 'dara', 'eli', 'fatima', 'goran', 'hana', 'ivo', 'jules', 'kemal', 'lena'] as const;
const SEGMENTS = ['consumer', 'smb', 'enterprise'] as const;
const FIRST = ['Ada', 'Ben', 'Cleo', 'Dmitri', 'Esme', 'Femi', 'Greta', 'Hugo', 'Iris', 'Joao', 'Kira', 'Luca', 'Mina', 'Noor'] as const;
const LAST = ['Alvarez', 'Brandt', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski'] as const;
const SUMMARIES = [
  'Charged twice for order',
  'Parcel arrived damaged',
  'Delivery three days late',
  'Refund not received after return',
  'App logs me out on every start',
  'Agent was rude on the phone',
  'Wrong size sent',
  'Invoice shows the wrong VAT number',
  'Subscription renewed after cancellation',
  'Product stopped working after a week',
] as const;
const RESOLUTIONS = ['refund issued', 'replacement shipped', 'credit note sent', 'bug fixed in 4.2.1', 'apology and voucher', 'invoice corrected'] as const;
const REASONS = ['customer asked again', 'fix did not hold', 'no answer within target', 'legal threat', 'duplicate ticket', 'solved by customer'] as const;
const SUGGESTIONS = ['Add dark mode', 'Offer weekend delivery', 'Let me pause my subscription', 'Show stock per store', 'Invoice by email'] as const;

type Step =
  | { kind: 'customer-arrival'; customerId?: string }
  | { kind: 'customer'; customerId: string; source: string; steps: number; referrals: string[]; partnership: 0 | 1 | 2; churned: boolean }
  | { kind: 'complaint-arrival' }
  | { kind: 'complaint'; complaintId: string; customerId: string; source: string; phase: ComplaintPhase; reopened: boolean }
  | { kind: 'score'; customerId: string; complaintId: string; source: string };

type ComplaintPhase = 'acknowledge' | 'assign' | 'escalate' | 'close' | 'reopen' | 'final';

interface Scheduled {
  at: number;
  order: number;
  step: Step;
}

/** Binary min-heap on (at, order): the next thing to happen. */
class Agenda {
  private readonly items: Scheduled[] = [];
  private order = 0;
  push(at: number, step: Step): void {
    const items = this.items;
    items.push({ at: Math.round(at), order: this.order++, step });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(items[l], items[m])) m = l;
        if (r < items.length && less(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}
const less = (a: Scheduled, b: Scheduled): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);

export interface WorkloadOptions {
  /** Number of events to generate. */
  events: number;
  seed?: number;
  /** Prefix of every id (`C-<ns>17`), so two workloads can go into one store without colliding. */
  namespace?: string;
}

/** Generate the workload lazily, in business-time order; the same options always give the same facts. */
export function* workload({ events, seed = 20260305, namespace = '' }: WorkloadOptions): Generator<Fact> {
  const rng = new Rng(seed);
  const agenda = new Agenda();
  const customerGap = (HORIZON_DAYS * DAY * EVENTS_PER_CUSTOMER) / Math.max(events, 1);
  const complaintGap = customerGap / 1.3;
  const customers: string[] = [];
  let customerCount = 0;
  let complaintCount = 0;
  let referralCount = 0;
  let seq = 0;
  const agent = () => `agent:${rng.pick(AGENTS)}`;

  agenda.push(START, { kind: 'customer-arrival' });
  agenda.push(START + 2 * HOUR, { kind: 'complaint-arrival' });

  const emit = (at: number, source: string, type: EnvelopeType, streamId: string, actor: string, data: Record<string, unknown>): Fact => {
    const route = ENVELOPE_ROUTES[type];
    const s = seq++;
    return {
      seq: s,
      at,
      streamId,
      eventType: route.event,
      envelope: { source, sourceEventId: `ev-${namespace}${s.toString(36)}-${seed.toString(36)}`, type, occurredAt: new Date(at).toISOString(), actor, data },
    };
  };

  while (seq < events) {
    const next = agenda.pop();
    if (!next) return;
    const { at, step } = next;
    switch (step.kind) {
      case 'customer-arrival': {
        if (step.customerId === undefined) agenda.push(at + rng.exp(customerGap), { kind: 'customer-arrival' });
        const customerId = step.customerId ?? `K-${namespace}${++customerCount}`;
        const source = rng.pick(DESKS);
        customers.push(customerId);
        const data: Record<string, unknown> = {
          customerId,
          name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
          segment: rng.pick(SEGMENTS),
          keyAccount: rng.chance(0.08),
        };
        yield emit(at, source, 'customer.registered', `customer-${customerId}`, 'system:crm', data);
        const steps = 1 + Math.floor(rng.exp(7));
        agenda.push(at + rng.between(HOUR, 20 * DAY), { kind: 'customer', customerId, source, steps, referrals: [], partnership: 0, churned: false });
        break;
      }
      case 'customer': {
        const { customerId, source } = step;
        const streamId = `customer-${customerId}`;
        let fact: Fact;
        if (step.churned) {
          fact = emit(at, source, 'customer.reactivated', streamId, agent(), { customerId });
          step.churned = false;
        } else {
          const choice = rng.weighted<string>([
            ['purchase', 55],
            ['score', 14],
            ['suggest', 5],
            ['refer', 8],
            ['convert', step.referrals.length > 0 ? 6 : 0],
            ['partner', step.partnership < 2 ? 3 : 0],
            ['churn', 3],
          ]);
          if (choice === 'purchase') {
            fact = emit(at, source, 'customer.purchased', streamId, 'system:shop', {
              customerId,
              amount: Math.round(rng.between(9, 1800) * 100) / 100,
              currency: 'EUR',
            });
          } else if (choice === 'score') {
            const nps = rng.chance(0.4);
            fact = emit(at, source, 'satisfaction.recorded', streamId, `customer:${customerId}`, {
              customerId,
              kind: nps ? 'nps' : 'csat',
              score: nps ? rng.int(11) : 1 + rng.int(5),
              ...(rng.chance(0.3) ? { comment: 'Quick and friendly, thanks' } : {}),
            });
          } else if (choice === 'suggest') {
            fact = emit(at, source, 'customer.suggested', streamId, `customer:${customerId}`, { customerId, text: rng.pick(SUGGESTIONS) });
          } else if (choice === 'refer') {
            const referralId = `R-${namespace}${++referralCount}`;
            step.referrals.push(referralId);
            fact = emit(at, source, 'customer.referred', streamId, `customer:${customerId}`, {
              customerId,
              referralId,
              referredName: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
            });
          } else if (choice === 'convert') {
            const referralId = step.referrals.shift() as string;
            const newCustomerId = `K-${namespace}${++customerCount}`;
            fact = emit(at, source, 'customer.referral_converted', streamId, 'system:crm', { customerId, referralId, newCustomerId });
            agenda.push(at + rng.between(10 * MIN, 2 * HOUR), { kind: 'customer-arrival', customerId: newCustomerId });
          } else if (choice === 'partner') {
            step.partnership = (step.partnership + 1) as 1 | 2;
            fact = emit(at, source, 'customer.partnership_signed', streamId, agent(), {
              customerId,
              level: step.partnership === 1 ? 'engaged' : 'married',
            });
          } else {
            step.churned = true;
            fact = emit(at, source, 'customer.churned', streamId, 'system:crm', { customerId, reason: rng.pick(['price', 'moved to competitor', 'bad service', 'no longer needed']) });
          }
        }
        yield fact;
        step.steps -= 1;
        const reactivates = step.churned && rng.chance(0.3);
        if ((step.steps > 0 && !step.churned) || reactivates) agenda.push(at + HOUR + rng.exp(18 * DAY), step);
        break;
      }
      case 'complaint-arrival': {
        agenda.push(at + rng.exp(complaintGap), { kind: 'complaint-arrival' });
        if (customers.length === 0) break;
        const complaintId = `C-${namespace}${++complaintCount}`;
        const walkIn = rng.chance(0.05);
        const customerId = walkIn ? `W-${namespace}${complaintCount}` : customers[rng.int(customers.length)];
        const source = rng.pick(DESKS);
        yield emit(at, source, 'complaint.raised', `complaint-${complaintId}`, `customer:${customerId}`, {
          complaintId,
          customerId,
          channel: rng.pick(CHANNELS),
          category: rng.pick(CATEGORIES),
          severity: rng.weighted([
            ['low', 20],
            ['normal', 50],
            ['high', 22],
            ['critical', 8],
          ] as const),
          summary: `${rng.pick(SUMMARIES)} #${10_000 + rng.int(90_000)}`,
          formal: rng.chance(0.85),
        });
        const phase = rng.chance(0.9) ? 'acknowledge' : 'assign';
        agenda.push(at + 10 * MIN + rng.exp(2 * HOUR), { kind: 'complaint', complaintId, customerId, source, phase, reopened: false });
        break;
      }
      case 'complaint': {
        const fact = complaintStep(step, at, rng, emit, agent);
        yield fact;
        const after = nextComplaintPhase(step, fact.envelope.type, rng);
        if (after.score) agenda.push(at + rng.between(HOUR, 3 * DAY), { kind: 'score', customerId: step.customerId, complaintId: step.complaintId, source: step.source });
        if (after.phase) {
          step.phase = after.phase;
          agenda.push(at + after.delay, step);
        }
        break;
      }
      case 'score': {
        const nps = rng.chance(0.3);
        yield emit(at, step.source, 'satisfaction.recorded', `customer-${step.customerId}`, `customer:${step.customerId}`, {
          customerId: step.customerId,
          kind: nps ? 'nps' : 'csat',
          score: nps ? rng.int(11) : 1 + rng.int(5),
          complaintId: step.complaintId,
        });
        break;
      }
    }
  }
}

type Emit = (at: number, source: string, type: EnvelopeType, streamId: string, actor: string, data: Record<string, unknown>) => Fact;

const complaintStep = (step: Extract<Step, { kind: 'complaint' }>, at: number, rng: Rng, emit: Emit, agent: () => string): Fact => {
  const { complaintId, source } = step;
  const streamId = `complaint-${complaintId}`;
  switch (step.phase) {
    case 'acknowledge':
      return emit(at, source, 'complaint.acknowledged', streamId, agent(), { complaintId, by: agent() });
    case 'assign':
      return emit(at, source, 'complaint.assigned', streamId, agent(), { complaintId, assignee: agent(), team: rng.pick(TEAMS) });
    case 'escalate':
      return emit(at, source, 'complaint.escalated', streamId, agent(), {
        complaintId,
        level: 1 + rng.int(3),
        reason: rng.pick(REASONS),
        by: rng.pick(['agent', 'customer', 'policy'] as const),
      });
    case 'reopen':
      return emit(at, source, 'complaint.reopened', streamId, `customer:${step.customerId}`, { complaintId, reason: rng.pick(REASONS) });
    case 'close':
    case 'final':
      if (step.phase === 'close' && rng.chance(0.07)) {
        return emit(at, source, 'complaint.withdrawn', streamId, `customer:${step.customerId}`, { complaintId, reason: rng.pick(REASONS) });
      }
      return emit(at, source, 'complaint.resolved', streamId, agent(), {
        complaintId,
        resolution: rng.pick(RESOLUTIONS),
        ...(rng.chance(0.3) ? { compensation: { amount: Math.round(rng.between(5, 200)), currency: 'EUR' } } : {}),
      });
  }
};

/** What happens next to a complaint and when: most are acknowledged, assigned and resolved; a few stay open. */
const nextComplaintPhase = (
  step: Extract<Step, { kind: 'complaint' }>,
  emitted: EnvelopeType,
  rng: Rng,
): { phase?: ComplaintPhase; delay: number; score?: boolean } => {
  const resolveDelay = (): number =>
    rng.weighted<() => number>([
      [() => rng.between(20 * MIN, 6 * HOUR), 40],
      [() => rng.between(16 * HOUR, 36 * HOUR), 35],
      [() => rng.between(2 * DAY, 12 * DAY), 25],
    ])();
  const toClose = () => (rng.chance(0.9) ? { phase: 'close' as const, delay: resolveDelay() } : { delay: 0 });
  switch (emitted) {
    case 'complaint.acknowledged':
      return { phase: 'assign', delay: 5 * MIN + rng.exp(HOUR) };
    case 'complaint.assigned':
      return rng.chance(0.12) ? { phase: 'escalate', delay: 15 * MIN + rng.exp(6 * HOUR) } : toClose();
    case 'complaint.escalated':
      return toClose();
    case 'complaint.resolved': {
      const score = rng.chance(0.45);
      if (!step.reopened && rng.chance(0.07)) {
        step.reopened = true;
        return { phase: 'reopen', delay: rng.between(DAY, 10 * DAY), score };
      }
      return { delay: 0, score };
    }
    case 'complaint.reopened':
      return { phase: 'final', delay: rng.between(2 * HOUR, 3 * DAY) };
    default:
      return { delay: 0 };
  }
};

/**
 * A deterministic event id for the n-th event of a workload, shaped as Tenfold assigns them
 * (`newEventId`, UUIDv7): the millisecond it was assigned (`at`), then seeded random bits.
 */
export const eventIdOf = (seq: number, at: number, seed = 20260305): string => {
  const rng = new Rng((Math.imul(seq, 2654435761) ^ seed) >>> 0);
  const random = Uint8Array.from({ length: 10 }, () => rng.int(256));
  return formatUuid(uuidV7Bytes(at, ((random[0] << 8) | random[1]) & 0xfff, random));
};

/** The event Tenfold stores for a fact (what its command path would build), ready for `append`. */
export const toNewEvent = (fact: Fact): NewEvent => {
  const { envelope } = fact;
  // Tenfold assigns the id when it records the event.
  const recordedAt = fact.at + 30_000 + (fact.seq % 90) * 1000;
  return {
    type: fact.eventType,
    data: envelope.data,
    metadata: {
      eventId: eventIdOf(fact.seq, recordedAt),
      occurredAt: envelope.occurredAt,
      recordedAt: new Date(recordedAt).toISOString(),
      source: envelope.source,
      sourceEventId: envelope.sourceEventId,
      actor: envelope.actor,
      schemaVersion: 1,
    },
    idempotencyKey: `${envelope.source}:${envelope.sourceEventId}`,
  };
};

/** Take the first `n` facts of a workload into an array. */
export const facts = (n: number, seed?: number): Fact[] => Array.from(workload({ events: n, seed }));
