import type { StoredEvent } from '../../event-store/event-store.port';
import { DEFAULT_SLA_TARGETS } from '../../domain/policies/sla-targets';
import { CachedViewSession } from '../cached-view-session';
import type { ViewStore } from '../view-store.port';
import type { SlaFilter } from './sla-filter';
import { slaProjection } from './sla-projection';
import { slaComplaintsView } from './sla-row';
import { summarizeSlaUntil } from './sla-summary';
import { slaSummaryUntil } from './sla-summary-query';

/** Test support: a seeded history of complaints, projected in uneven batches, and the checks of the aggregated SLA summary. */

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const HISTORY_START = Date.parse('2026-03-01T00:00:00Z');
export const CATEGORIES = ['billing', 'delivery', 'odd\u001fname'];
export const TEAMS = ['care', 'tech', '"quoted'];
export const CHANNELS = ['email', 'phone'];
export const SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;

/** Complaint events over ~12 days: acknowledgements, (re)assignments, escalations, resolutions, reopens, withdrawals, late changes. */
export const slaHistory = (seed: number, complaints: number): StoredEvent[] => {
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
  const drafts: Array<{ at: number; type: string; data: Record<string, unknown> }> = [];
  for (let k = 0; k < 6; k++) drafts.push({ at: HISTORY_START - DAY, type: 'CustomerRegistered', data: { customerId: `K-${k}`, keyAccount: k % 3 === 0 } });
  for (let i = 1; i <= complaints; i++) {
    const complaintId = `C-${i}`;
    // Whole minutes often, so resolution times tie; sometimes exactly at midnight UTC.
    let at = HISTORY_START + Math.floor(rng() * 12 * DAY);
    if (rng() < 0.3) at -= at % 60_000;
    if (rng() < 0.05) at -= at % DAY;
    drafts.push({
      at,
      type: 'ComplaintRaised',
      data: { complaintId, customerId: `K-${Math.floor(rng() * 8)}`, channel: pick(CHANNELS), category: pick(CATEGORIES), severity: pick(SEVERITIES), summary: 's', formal: rng() < 0.8 },
    });
    let open = true;
    let t = at;
    const steps = Math.floor(rng() * 7);
    for (let s = 0; s < steps; s++) {
      t += Math.floor(rng() < 0.5 ? rng() * 6 * HOUR : rng() * 3 * DAY);
      if (rng() < 0.3) t -= t % 60_000;
      const roll = rng();
      if (roll < 0.15) drafts.push({ at: t, type: 'ComplaintAcknowledged', data: { complaintId, by: 'a' } });
      else if (roll < 0.3) drafts.push({ at: t, type: 'ComplaintAssigned', data: { complaintId, assignee: 'x', team: pick(TEAMS) } });
      else if (roll < 0.38) drafts.push({ at: t, type: 'ComplaintEscalated', data: { complaintId, level: 1 + Math.floor(rng() * 3), reason: 'r', by: 'agent' } });
      else if (roll < 0.75 && open) {
        // Now and then the resolution is dated before the raise (a clock skew): a negative time to resolve.
        drafts.push({ at: rng() < 0.03 ? at - HOUR : t, type: 'ComplaintResolved', data: { complaintId, resolution: 'ok' } });
        open = false;
      } else if (roll < 0.85 && !open) {
        drafts.push({ at: t, type: 'ComplaintReopened', data: { complaintId, reason: 'again' } });
        open = true;
      } else if (roll < 0.92 && open) {
        drafts.push({ at: t, type: 'ComplaintWithdrawn', data: { complaintId, reason: 'gone' } });
        open = false;
      }
    }
  }
  // Log order is roughly time order, with some events recorded late.
  const keyed = drafts.map((d, i) => ({ d, order: d.at + (rng() < 0.1 ? rng() * 2 * DAY : 0), i }));
  keyed.sort((a, b) => a.order - b.order || a.i - b.i);
  // A complaint's events stay in the order they were drafted in (its stream order).
  const streamNext = new Map<string, number>();
  const byStream = new Map<string, typeof drafts>();
  for (const d of drafts) {
    const id = String(d.data.complaintId ?? d.data.customerId);
    byStream.set(id, [...(byStream.get(id) ?? []), d]);
  }
  return keyed.map(({ d }, index) => {
    const id = String(d.data.complaintId ?? d.data.customerId);
    const n = streamNext.get(id) ?? 0;
    streamNext.set(id, n + 1);
    const own = (byStream.get(id) as typeof drafts)[n];
    const iso = new Date(own.at).toISOString();
    return {
      streamId: id,
      streamVersion: n,
      globalPosition: index + 1,
      type: own.type,
      data: own.data,
      metadata: { eventId: `e${index + 1}`, occurredAt: iso, recordedAt: iso, source: 't', schemaVersion: 1 },
    } as StoredEvent;
  });
};

/** Project events into a store in uneven batches through a small cache (so rows are read back from the store). */
export const projectInBatches = async (views: ViewStore, events: StoredEvent[], seed: number, timeZone = 'Europe/Berlin'): Promise<void> => {
  const rng = mulberry32(seed);
  const projection = slaProjection({ timeZone, targets: DEFAULT_SLA_TARGETS });
  await views.ensureViews(projection.views);
  const session = new CachedViewSession(views, false, 40);
  for (let i = 0; i < events.length; ) {
    const size = 1 + Math.floor(rng() * 60);
    const batch = events.slice(i, i + size);
    for (const event of batch) await projection.apply(event, session);
    await views.commit('sla', session.takeChanges(), batch[batch.length - 1].globalPosition);
    session.trim();
    i += size;
  }
};

/** Filters of every shape: none, raise-time bounds aligned to UTC days or not, one to four dimensions, a customer. */
export const sampleFilters = (seed: number, count: number): SlaFilter[] => {
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
  const instant = () => {
    const at = HISTORY_START - 2 * DAY + Math.floor(rng() * 17 * DAY);
    return rng() < 0.4 ? at - (at % DAY) : at;
  };
  const filters: SlaFilter[] = [{}, { from: Date.parse('2000-01-01T00:00:00Z'), to: Date.parse('2031-05-06T07:08:09Z') }];
  while (filters.length < count) {
    const filter: SlaFilter = {};
    if (rng() < 0.6) filter.from = instant();
    if (rng() < 0.6) filter.to = instant();
    if (rng() < 0.4) filter.category = pick([...CATEGORIES, 'none']);
    if (rng() < 0.4) filter.team = pick(TEAMS);
    if (rng() < 0.4) filter.channel = pick(CHANNELS);
    if (rng() < 0.4) filter.severity = pick(SEVERITIES);
    if (rng() < 0.1) filter.customerId = `K-${Math.floor(rng() * 8)}`;
    filters.push(filter);
  }
  return filters;
};

/** Instants to look at: inside and after the history, and right at (and next to) rows' deadlines. */
export const sampleInstants = async (views: ViewStore, seed: number, count: number): Promise<number[]> => {
  const rng = mulberry32(seed);
  const rows = await views.query(slaComplaintsView);
  const instants = [HISTORY_START + 30 * DAY, Date.parse('2026-12-01T12:00:00Z')];
  while (instants.length < count) {
    if (rng() < 0.5) {
      instants.push(HISTORY_START + Math.floor(rng() * 16 * DAY));
      continue;
    }
    const row = rows[Math.floor(rng() * rows.length)];
    const at = [row.tier10From, row.tier100From, row.acknowledgeBy, row.resolveBy][Math.floor(rng() * 4)];
    instants.push(at + [-1, 0, 1][Math.floor(rng() * 3)]);
  }
  return instants;
};

/** Every filter at every instant: the aggregated summary and its validity equal the reference fold over the rows. */
export const expectSummariesMatchFold = async (views: ViewStore, filters: SlaFilter[], instants: number[], unitCost = 1): Promise<number> => {
  const { conditionsOf } = await import('./sla-filter');
  let checked = 0;
  for (const filter of filters) {
    const rows = await views.query(slaComplaintsView, { where: conditionsOf(filter) });
    for (const now of instants) {
      const expected = summarizeSlaUntil(rows, now, unitCost);
      const actual = await slaSummaryUntil(views, filter, now, unitCost);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(`summary differs for ${JSON.stringify(filter)} at ${new Date(now).toISOString()}:\n${JSON.stringify(actual)}\n${JSON.stringify(expected)}`);
      }
      checked++;
    }
  }
  return checked;
};
