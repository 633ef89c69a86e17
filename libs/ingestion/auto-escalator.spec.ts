import { openSqlite } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { DEFAULT_SLA_TARGETS } from '../domain/policies/sla-targets';
import { Projector } from '../projections/projector';
import { slaProjection } from '../projections/sla/sla-projection';
import { SqliteViewStore } from '../projections/sqlite/sqlite-view-store';
import { AutoEscalator } from './auto-escalator';
import { Ingestor } from './ingestor';
import { SqliteIngestLedger } from './sqlite/sqlite-ingest-ledger';

const setup = () => {
  const db = openSqlite({ file: ':memory:' });
  const store = new SqliteEventStore(db);
  const views = new SqliteViewStore(db);
  const ingestor = new Ingestor(store, new SqliteIngestLedger(db), { parkMaxAgeMs: 60_000 });
  const projector = new Projector(store, views, [slaProjection({ timeZone: 'UTC', targets: DEFAULT_SLA_TARGETS })]);
  const escalator = new AutoEscalator(views, ingestor, { leadMs: 60 * 60_000, catchUpMs: 24 * 3_600_000 });
  return { db, store, ingestor, projector, escalator };
};

const raise = (id: string, at: string) => ({
  source: 'desk',
  sourceEventId: `raise-${id}`,
  type: 'complaint.raised',
  occurredAt: at,
  data: { complaintId: id, customerId: 'K', channel: 'phone', category: 'returns' },
});

describe('AutoEscalator', () => {
  it('given a complaint about to leave tier 1, when the policy sweeps, then it is escalated once by policy', async () => {
    const { db, store, ingestor, projector, escalator } = setup();
    await ingestor.ingest(raise('C-late', '2026-03-01T23:30:00Z'), 'http');
    await ingestor.ingest(raise('C-early', '2026-03-01T08:00:00Z'), 'http');
    await projector.catchUp();
    const now = Date.parse('2026-03-01T23:40:00Z');
    const first = await escalator.sweep(now);
    expect(first.map((o) => o.status)).toEqual(['accepted', 'accepted']);
    const late = await store.readStream('complaint-C-late');
    expect(late.map((e) => e.type)).toEqual(['ComplaintRaised', 'ComplaintEscalated']);
    expect(late[1].data).toMatchObject({ level: 1, by: 'policy', reason: expect.stringContaining('leave tier 1') });
    expect(late[1].metadata).toMatchObject({ actor: 'policy:auto-escalation', occurredAt: '2026-03-01T23:40:00.000Z' });
    // C-early: resolve target (normal: 24 h → 2026-03-02T08:00) is not near, but tier 10 at midnight is.
    expect((await store.readStream('complaint-C-early')).map((e) => e.type)).toContain('ComplaintEscalated');
    await projector.catchUp();
    const again = await escalator.sweep(now + 60_000);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    db.close();
  });

  it('leaves complaints alone when no deadline is near', async () => {
    const { db, store, ingestor, projector, escalator } = setup();
    await ingestor.ingest(raise('C-1', '2026-03-01T09:00:00Z'), 'http');
    await projector.catchUp();
    expect(await escalator.sweep(Date.parse('2026-03-01T10:00:00Z'))).toEqual([]);
    expect(await store.readStream('complaint-C-1')).toHaveLength(1);
    db.close();
  });
});
