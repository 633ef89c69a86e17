import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { Ingestor } from '../../ingestion/ingestor';
import { SqliteIngestLedger } from '../../ingestion/sqlite/sqlite-ingest-ledger';
import { entityIdOf } from '../envelope';
import { generateDemoHistory, type DemoOptions } from './demo-history';

const anchor = Date.parse('2026-06-15T14:30:00Z');
const small: DemoOptions = { seed: 7, customers: 60, days: 45, anchor, complaintsPerCustomer: 5 };

describe('demo history generator', () => {
  const history = generateDemoHistory(small);
  const ofType = (type: string) => history.filter((e) => e.type === type);

  it('is deterministic: the same options give the same envelopes, ids included', () => {
    expect(generateDemoHistory(small)).toEqual(history);
    expect(generateDemoHistory({ ...small, seed: 8 })).not.toEqual(history);
  });

  it('emits nothing after the anchor, in time order, each stream in order', () => {
    const times = history.map((e) => Date.parse(e.occurredAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(anchor);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('covers the stories the dashboard shows', () => {
    const raised = ofType('complaint.raised');
    expect(raised.length).toBeGreaterThan(150);
    for (const type of [
      'complaint.acknowledged',
      'complaint.assigned',
      'complaint.escalated',
      'complaint.resolved',
      'complaint.reopened',
      'complaint.withdrawn',
      'customer.purchased',
      'customer.referred',
      'customer.referral_converted',
      'customer.suggested',
      'customer.churned',
      'satisfaction.recorded',
    ]) {
      expect({ type, count: ofType(type).length }).toEqual({ type, count: expect.any(Number) });
      expect(ofType(type).length).toBeGreaterThan(0);
    }
    const resolved = new Set(ofType('complaint.resolved').map(entityIdOf));
    const withdrawn = new Set(ofType('complaint.withdrawn').map(entityIdOf));
    const open = raised.filter((e) => !resolved.has(entityIdOf(e)) && !withdrawn.has(entityIdOf(e)));
    expect(open.length).toBeGreaterThan(0);
    const kinds = new Set(ofType('satisfaction.recorded').map((e) => e.data.kind));
    expect(kinds).toEqual(new Set(['csat', 'nps']));
  });

  it('is accepted in full by the ingestor (every transition is legal)', async () => {
    const db = openSqlite({ file: ':memory:' });
    const store = new SqliteEventStore(db);
    const ingestor = new Ingestor(store, new SqliteIngestLedger(db), { parkMaxAgeMs: 60_000 });
    const outcomes = [];
    for (const envelope of history) outcomes.push(await ingestor.ingest(envelope, 'http'));
    const rejected = outcomes.filter((o) => o.status !== 'accepted' || o.parked);
    expect(rejected).toEqual([]);
    await store.close();
    db.close();
  });
});
