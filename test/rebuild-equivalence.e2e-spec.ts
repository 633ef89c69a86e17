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
import type { ViewStore } from '../libs/projections/view-store.port';
import { dump, generateEnvelopes, mulberry32 } from './support/generated-history';

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
