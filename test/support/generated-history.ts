import type { Projection, ViewStore } from '../../libs/projections/view-store.port';

/** A small seeded PRNG (mulberry32): the same seed gives the same history on every run. */
export const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * A generated history: customers registering, buying, referring, churning and scoring; complaints
 * raised, handled, reopened and withdrawn — with late (backdated) facts, resolutions that arrive
 * before their raise (parked), scores that name a complaint before it exists, and some bad items.
 */
export const generateEnvelopes = (seed: number, count: number): Array<Record<string, unknown>> => {
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
  const chance = (p: number) => rng() < p;
  const customers = Array.from({ length: 150 }, (_, i) => ({
    id: `K-${String(i).padStart(3, '0')}`,
    registered: false,
    churned: false,
    partnership: 0,
    pending: [] as string[],
  }));
  const complaints: Array<{ id: string; status: 'open' | 'resolved' | 'withdrawn'; acknowledged: boolean }> =
    [];
  const envelopes: Array<Record<string, unknown>> = [];
  let clock = Date.parse('2024-01-01T08:00:00Z');
  let n = 0;
  const at = () => {
    clock += Math.floor(rng() * 8 * 3_600_000);
    const backdated = chance(0.05) ? Math.floor(rng() * 60) * 86_400_000 : 0;
    return new Date(clock - backdated).toISOString();
  };
  const push = (type: string, data: Record<string, unknown>, occurredAt = at()) =>
    envelopes.push({
      source: pick(['crm', 'zendesk', 'survey']),
      sourceEventId: `g-${++n}`,
      type,
      occurredAt,
      data,
    });

  while (envelopes.length < count) {
    const c = pick(customers);
    const customerId = c.id;
    const roll = rng();
    if (!c.registered && chance(0.7)) {
      c.registered = true;
      push('customer.registered', {
        customerId,
        segment: pick(['smb', 'retail', 'enterprise']),
        keyAccount: chance(0.15),
        ...(chance(0.5) ? { name: `Customer ${customerId}` } : {}),
      });
    } else if (roll < 0.25) {
      push('customer.purchased', {
        customerId,
        amount: Math.round(rng() * 50_000) / 100 + 1,
        currency: chance(0.9) ? 'EUR' : 'USD',
      });
    } else if (roll < 0.3) {
      const referralId = `R-${++n}`;
      c.pending.push(referralId);
      push('customer.referred', { customerId, referralId });
    } else if (roll < 0.34 && c.pending.length > 0) {
      const referralId = c.pending.shift()!;
      push('customer.referral_converted', { customerId, referralId, newCustomerId: `N-${referralId}` });
    } else if (roll < 0.37) {
      push('customer.suggested', { customerId, text: pick(['Longer hours', 'Cheaper shipping', 'An app']) });
    } else if (roll < 0.39 && c.partnership < 2) {
      c.partnership += chance(0.3) ? 2 - c.partnership : 1;
      push('customer.partnership_signed', { customerId, level: c.partnership === 1 ? 'engaged' : 'married' });
    } else if (roll < 0.42) {
      push(c.churned ? 'customer.reactivated' : 'customer.churned', {
        customerId,
        ...(c.churned ? {} : { reason: 'price' }),
      });
      c.churned = !c.churned;
    } else if (roll < 0.55) {
      const known = complaints.length > 0 && chance(0.5) ? pick(complaints).id : undefined;
      const ahead = chance(0.05) ? `C-${complaints.length + 1}` : undefined;
      const kind = chance(0.5) ? 'csat' : 'nps';
      const score = chance(0.01) ? 11 : kind === 'csat' ? 1 + Math.floor(rng() * 5) : Math.floor(rng() * 11);
      push('satisfaction.recorded', {
        customerId,
        kind,
        score,
        ...(known || ahead ? { complaintId: known ?? ahead } : {}),
      });
    } else if (roll < 0.7) {
      const id = `C-${complaints.length + 1}`;
      complaints.push({ id, status: 'open', acknowledged: false });
      const raisedAt = at();
      if (chance(0.05)) {
        // The resolution arrives first and waits (parked) for the raise.
        complaints[complaints.length - 1].status = 'resolved';
        push(
          'complaint.resolved',
          { complaintId: id, resolution: 'done' },
          new Date(Date.parse(raisedAt) + 3_600_000).toISOString(),
        );
      }
      push(
        'complaint.raised',
        {
          complaintId: id,
          customerId,
          channel: pick(['email', 'phone', 'chat', 'store']),
          category: pick(['billing', 'delivery', 'quality']),
          severity: pick(['low', 'normal', 'high', 'critical']),
          formal: chance(0.85),
        },
        raisedAt,
      );
    } else if (complaints.length > 0) {
      const complaint = pick(complaints);
      const complaintId = complaint.id;
      if (complaint.status === 'open') {
        const action = rng();
        if (action < 0.2 && !complaint.acknowledged) {
          complaint.acknowledged = true;
          push('complaint.acknowledged', { complaintId, by: 'agent:ana' });
        } else if (action < 0.3) {
          push('complaint.assigned', { complaintId, assignee: 'agent:bo', team: pick(['billing', 'field']) });
        } else if (action < 0.35) {
          push('complaint.escalated', { complaintId, level: 1, reason: 'slow', by: 'customer' });
        } else if (action < 0.9) {
          complaint.status = 'resolved';
          push('complaint.resolved', { complaintId, resolution: 'fixed' });
        } else {
          complaint.status = 'withdrawn';
          push('complaint.withdrawn', { complaintId, reason: 'gone' });
        }
      } else if (complaint.status === 'resolved' && chance(0.3)) {
        complaint.status = 'open';
        push('complaint.reopened', { complaintId, reason: 'again' });
      }
    }
  }
  return envelopes;
};

/** Every row of every view of the projections, keyed by view name, in key order. */
export const dump = async (views: ViewStore, projections: Projection[]) => {
  const out: Record<string, unknown[]> = {};
  for (const projection of projections) {
    for (const view of projection.views) {
      out[view.name] = await views.query(view, { orderBy: [{ column: 'key', direction: 'asc' }] });
    }
  }
  return out;
};
