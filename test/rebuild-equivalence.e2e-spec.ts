import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../libs/config/config';
import { openSqlite, type SqliteDb } from '../libs/event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../libs/event-store/sqlite/sqlite-event-store';
import { Ingestor } from '../libs/ingestion/ingestor';
import { SqliteIngestLedger } from '../libs/ingestion/sqlite/sqlite-ingest-ledger';
import { allProjections } from '../libs/projections/all-projections';
import { viewsAsOf } from '../libs/projections/as-of';
import {
  loyaltyCustomers,
  loyaltyListSchema,
  loyaltySummary,
} from '../libs/projections/loyalty/loyalty-queries';
import { Projector } from '../libs/projections/projector';
import { retentionSummary } from '../libs/projections/retention/retention-queries';
import { satisfactionSummary } from '../libs/projections/satisfaction/satisfaction-queries';
import { slaSummary } from '../libs/projections/sla/sla-queries';
import { expectSummariesMatchFold } from '../libs/projections/sla/sla-summary-testing';
import { SqliteViewStore } from '../libs/projections/sqlite/sqlite-view-store';
import type { Projection, ViewStore } from '../libs/projections/view-store.port';

/** A small seeded PRNG (mulberry32): the same seed gives the same history on every run. */
const mulberry32 = (seed: number) => () => {
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
const generateEnvelopes = (seed: number, count: number): Array<Record<string, unknown>> => {
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
const dump = async (views: ViewStore, projections: Projection[]) => {
  const out: Record<string, unknown[]> = {};
  for (const projection of projections) {
    for (const view of projection.views) {
      out[view.name] = await views.query(view, { orderBy: [{ column: 'key', direction: 'asc' }] });
    }
  }
  return out;
};

const summaries = async (views: ViewStore, now: number) => ({
  loyalty: await loyaltySummary(views, {}, now),
  loyaltyAtRisk: await loyaltyCustomers(
    views,
    loyaltyListSchema.parse({ atRisk: 'true', limit: '500' }),
    now,
  ),
  satisfaction: await satisfactionSummary(views, {}, now),
  retention: await retentionSummary(views, now),
  sla: await slaSummary(views, {}, now, 1),
});

describe('rebuild equivalence on a generated history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-rebuild-'));
  const config = loadConfig({ TENFOLD_DB: join(dir, 'tenfold.db'), TENFOLD_TIME_ZONE: 'Europe/Berlin' });
  const projections = allProjections(config);
  let db: SqliteDb;
  let store: SqliteEventStore;
  let views: SqliteViewStore;
  /** Soon after the last business instant, so recent scores and open complaints still count. */
  let now = 0;

  beforeAll(async () => {
    db = openSqlite({ file: config.sqliteFile, synchronous: 'normal' });
    store = new SqliteEventStore(db);
    views = new SqliteViewStore(db);
    const ingestor = new Ingestor(store, new SqliteIngestLedger(db), { parkMaxAgeMs: 3_600_000 });
    const projector = new Projector(store, views, projections);
    const envelopes = generateEnvelopes(4242, 3500);
    const rng = mulberry32(7);
    // Project incrementally: after every chunk of a random size, as a live projector would.
    for (let i = 0; i < envelopes.length;) {
      const size = 1 + Math.floor(rng() * 120);
      for (const envelope of envelopes.slice(i, i + size)) await ingestor.ingest(envelope, 'http');
      await projector.catchUp();
      i += size;
    }
    const events = await store.readAll({ limit: 100_000 });
    now = Math.max(...events.map((e) => Date.parse(e.metadata.occurredAt))) + 86_400_000;
  }, 120_000);

  afterAll(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stored a few thousand events of every kind', async () => {
    const events = await store.readAll({ limit: 100_000 });
    expect(events.length).toBeGreaterThan(2500);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'CustomerRegistered',
      'PurchaseRecorded',
      'CustomerReferred',
      'ReferralConverted',
      'SuggestionMade',
      'PartnershipSigned',
      'CustomerChurned',
      'CustomerReactivated',
      'SatisfactionRecorded',
      'ComplaintRaised',
      'ComplaintResolved',
      'ComplaintReopened',
      'ComplaintWithdrawn',
    ]) {
      expect(types).toContain(type);
    }
    for (const projection of projections)
      expect(await views.checkpoint(projection.name)).toBe(await store.headPosition());
  });

  it('gives the same rows and summaries when every view is rebuilt from zero (in memory, one pass)', async () => {
    const incremental = await dump(views, projections);
    const rebuilt = await viewsAsOf(store, projections, Number.MAX_SAFE_INTEGER);
    expect(await dump(rebuilt, projections)).toEqual(incremental);
    expect(await summaries(rebuilt, now)).toEqual(await summaries(views, now));
    const loyalty = await loyaltySummary(views, {}, now);
    expect(loyalty.customers).toBeGreaterThan(100);
    expect(loyalty.atRiskReasons.detractor_nps).toBeGreaterThan(0);
    expect(loyalty.transitions.length).toBeGreaterThan(8);
  });

  it('answers SLA summaries from aggregates exactly as folding the matching rows would, for many filters and instants', async () => {
    const instant = (iso: string) => Date.parse(iso);
    const filters = [
      {},
      { from: instant('2024-01-10T00:00:00Z') },
      { from: instant('2024-01-10T13:14:15+01:00'), to: instant('2024-03-02T00:00:00Z') },
      { to: instant('2024-02-20T08:00:00Z'), category: 'billing' },
      { category: 'delivery', team: 'field' },
      { channel: 'phone', severity: 'critical' as const },
      { team: 'billing', channel: 'email', severity: 'high' as const },
      { customerId: 'K-007' },
    ];
    const span = [0, 0.2, 0.5, 0.8, 0.95].map((f) => instant('2024-01-01T08:00:00Z') + f * (now - instant('2024-01-01T08:00:00Z')));
    expect(await expectSummariesMatchFold(views, filters, [...span, now, now + 30 * 86_400_000])).toBe(filters.length * 7);
  });

  it('gives the same rows and summaries after the projector rebuilds its SQLite views', async () => {
    const before = { rows: await dump(views, projections), summaries: await summaries(views, now) };
    await new Projector(store, views, projections).rebuild();
    expect({ rows: await dump(views, projections), summaries: await summaries(views, now) }).toEqual(before);
  });

  it('gives the same rows when a rebuild evicts, writes and reloads rows all the time (tiny generations)', async () => {
    const before = { rows: await dump(views, projections), summaries: await summaries(views, now) };
    const options = { rebuildSession: { generation: 8, maxGeneration: 32 }, rebuildWriteRows: 40, batchSize: 97 };
    await new Projector(store, views, projections, undefined, options).rebuild();
    expect({ rows: await dump(views, projections), summaries: await summaries(views, now) }).toEqual(before);
    for (const projection of projections)
      expect(await views.checkpoint(projection.name)).toBe(await store.headPosition());
  });
});
