import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqliteDb } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { EventStore } from '../event-store/event-store.port';
import { testEvent } from '../event-store/contract/event-store.contract';
import { Ingestor } from './ingestor';
import { SqliteIngestLedger } from './sqlite/sqlite-ingest-ledger';

const env = (id: string, type: string, at: string, data: Record<string, unknown>) => ({
  source: 'desk',
  sourceEventId: id,
  type,
  occurredAt: at,
  data,
});
const raise = (id: string, c: string, at: string) =>
  env(id, 'complaint.raised', at, { complaintId: c, customerId: `K-${c}`, channel: 'chat', category: 'delivery' });
const resolve = (id: string, c: string, at: string) => env(id, 'complaint.resolved', at, { complaintId: c, resolution: 'ok' });

/** A batch exercising every path: valid, in-batch and stored duplicates, parking, drains, rules, bad data. */
const script = [
  raise('1', 'A', '2026-03-01T09:00:00Z'),
  raise('1', 'A', '2026-03-01T09:00:00Z'),
  resolve('2', 'B', '2026-03-02T09:00:00Z'),
  raise('3', 'B', '2026-03-02T08:00:00Z'),
  resolve('4', 'A', '2026-03-01T08:00:00Z'),
  resolve('5', 'A', '2026-03-01T10:00:00Z'),
  resolve('6', 'A', '2026-03-01T11:00:00Z'),
  env('7', 'customer.purchased', '2026-03-01T10:00:00Z', { customerId: 'K-A', amount: 10, currency: 'EUR' }),
  env('8', 'customer.purchased', '2026-03-01T10:00:00Z', { customerId: 'K-A', amount: -10, currency: 'EUR' }),
  env('9', 'satisfaction.recorded', '2026-03-01T10:00:00Z', { customerId: 'K-A', kind: 'nps', score: 11 }),
  env('10', 'customer.referral_converted', '2026-03-01T10:00:00Z', { customerId: 'K-A', referralId: 'R', newCustomerId: 'K-Z' }),
  env('11', 'customer.churned', '2026-03-03T10:00:00Z', { customerId: 'K-A', reason: 'price' }),
  env('12', 'customer.churned', '2026-03-04T10:00:00Z', { customerId: 'K-A', reason: 'again' }),
  resolve('13', 'C', '2026-03-02T09:00:00Z'),
  env('14', 'complaint.acknowledged', '2026-03-05T09:10:00Z', { complaintId: 'E', by: 'ana' }),
  raise('15', 'E', '2026-03-05T09:00:00Z'),
  resolve('16', 'E', '2026-03-05T10:00:00Z'),
];

/** A second request: its raise must first apply what was parked by the first, then its own events. */
const secondBatch = [raise('20', 'C', '2026-03-02T08:00:00Z'), env('21', 'complaint.acknowledged', '2026-03-02T09:30:00Z', { complaintId: 'C', by: 'bob' })];

const open = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-ingestor-'));
  const db: SqliteDb = openSqlite({ file: join(dir, 't.db'), synchronous: 'normal' });
  const store = new SqliteEventStore(db);
  const ledger = new SqliteIngestLedger(db);
  return { db, store, ledger, close: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
};

const summary = (outcomes: Array<{ status: string; reason?: string; parked?: boolean }>) =>
  outcomes.map((o) => `${o.status}${o.reason ? `:${o.reason}` : ''}${o.parked ? ':parked' : ''}`);

const storedShape = async (store: EventStore) =>
  (await store.readAll({ limit: 1000 })).map((e) => `${e.streamId}/${e.streamVersion}/${e.type}/${e.metadata.sourceEventId}`).sort();

describe('Ingestor', () => {
  it('answers a batch exactly as one-by-one ingestion would, and stores the same events', async () => {
    const one = open();
    const many = open();
    try {
      const oneByOne = new Ingestor(one.store, one.ledger, { parkMaxAgeMs: 60_000 });
      const batched = new Ingestor(many.store, many.ledger, { parkMaxAgeMs: 60_000 });
      const sequential = [];
      for (const item of [...script, ...secondBatch]) sequential.push(await oneByOne.ingest(item, 'http'));
      const together = [...(await batched.ingestMany(script, 'http')), ...(await batched.ingestMany(secondBatch, 'http'))];
      expect(summary(together)).toEqual(summary(sequential));
      expect(summary(together)).toEqual([
        'accepted',
        'duplicate',
        'accepted:parked',
        'accepted',
        'rejected:resolution_before_raise',
        'accepted',
        'rejected:complaint_already_resolved',
        'accepted',
        'rejected:invalid_data',
        'rejected:invalid_data',
        'rejected:referral_not_found',
        'accepted',
        'rejected:customer_already_churned',
        'accepted:parked',
        'accepted:parked',
        'accepted',
        'accepted',
        'accepted',
        'rejected:complaint_not_open',
      ]);
      expect((await many.store.readStream('complaint-E')).map((e) => e.type)).toEqual([
        'ComplaintRaised',
        'ComplaintAcknowledged',
        'ComplaintResolved',
      ]);
      expect((await many.ledger.listDeadLetters({ limit: 10, offset: 0 })).total).toBe(0);
      expect(await storedShape(many.store)).toEqual(await storedShape(one.store));
      // The parked resolution of B was applied once its raise was stored, keeping its event id.
      const b = await many.store.readStream('complaint-B');
      expect(b.map((e) => e.type)).toEqual(['ComplaintRaised', 'ComplaintResolved']);
      expect(b[1].metadata.eventId).toBe(together[2].status === 'accepted' ? together[2].eventId : '');
      expect(await many.ledger.parkedStreams()).toEqual([]);
      expect((await many.store.readStream('complaint-C')).map((e) => e.type)).toEqual(['ComplaintRaised', 'ComplaintResolved']);
    } finally {
      one.close();
      many.close();
    }
  });

  it('falls back to one-by-one when another writer changes a stream during the batch', async () => {
    const { store, ledger, close } = open();
    try {
      const ingestor = new Ingestor(store, ledger, { parkMaxAgeMs: 60_000 });
      await ingestor.ingest(raise('1', 'A', '2026-03-01T09:00:00Z'), 'http');
      const appendMany = store.appendMany.bind(store);
      let raced = false;
      store.appendMany = async (appends) => {
        if (!raced) {
          raced = true;
          await store.append('complaint-A', [testEvent('ComplaintAcknowledged', { complaintId: 'A', by: 'other' })], 0);
        }
        return appendMany(appends);
      };
      const outcomes = await ingestor.ingestMany(
        [resolve('2', 'A', '2026-03-01T10:00:00Z'), raise('3', 'D', '2026-03-01T09:00:00Z')],
        'http',
      );
      expect(summary(outcomes)).toEqual(['accepted', 'accepted']);
      expect((await store.readStream('complaint-A')).map((e) => e.type)).toEqual([
        'ComplaintRaised',
        'ComplaintAcknowledged',
        'ComplaintResolved',
      ]);
    } finally {
      close();
    }
  });

  it('decides on what another writer stored since its last batch (the stream cache reads the newer events)', async () => {
    const { store, ledger, close } = open();
    try {
      const mine = new Ingestor(store, ledger, { parkMaxAgeMs: 60_000 });
      const other = new Ingestor(store, ledger, { parkMaxAgeMs: 60_000 });
      expect(summary(await mine.ingestMany([raise('1', 'A', '2026-03-01T09:00:00Z')], 'http'))).toEqual(['accepted']);
      expect(summary(await other.ingestMany([resolve('2', 'A', '2026-03-01T10:00:00Z')], 'http'))).toEqual(['accepted']);
      // Cached as open by `mine`; the stored resolution must decide these two.
      const reopen = env('3', 'complaint.reopened', '2026-03-01T11:00:00Z', { complaintId: 'A', reason: 'again' });
      const outcomes = await mine.ingestMany([resolve('4', 'A', '2026-03-01T10:30:00Z'), reopen], 'http');
      expect(summary(outcomes)).toEqual(['rejected:complaint_already_resolved', 'accepted']);
      // A write outside the batch path (one by one) is seen as well.
      await other.ingest(resolve('5', 'A', '2026-03-01T12:00:00Z'), 'http');
      expect(summary(await mine.ingestMany([resolve('6', 'A', '2026-03-01T13:00:00Z')], 'http'))).toEqual([
        'rejected:complaint_already_resolved',
      ]);
      expect((await store.readStream('complaint-A')).map((e) => e.type)).toEqual([
        'ComplaintRaised',
        'ComplaintResolved',
        'ComplaintReopened',
        'ComplaintResolved',
      ]);
    } finally {
      close();
    }
  });

  it('answers a key parked before the batch and applied within it as stored, like one by one', async () => {
    const one = open();
    const many = open();
    try {
      const items = [raise('2', 'P', '2026-03-01T09:00:00Z'), resolve('1', 'P', '2026-03-01T10:00:00Z')];
      const first = resolve('1', 'P', '2026-03-01T10:00:00Z');
      const oneByOne = new Ingestor(one.store, one.ledger, { parkMaxAgeMs: 60_000 });
      const batched = new Ingestor(many.store, many.ledger, { parkMaxAgeMs: 60_000 });
      await oneByOne.ingest(first, 'http');
      await batched.ingestMany([first], 'http');
      const sequential = [];
      for (const item of items) sequential.push(await oneByOne.ingest(item, 'http'));
      const together = await batched.ingestMany(items, 'http');
      expect(summary(together)).toEqual(['accepted', 'duplicate']);
      expect(summary(together)).toEqual(summary(sequential));
    } finally {
      one.close();
      many.close();
    }
  });

  it('stops after the first rejection when asked, so nothing after it is stored yet', async () => {
    const { store, ledger, close } = open();
    try {
      const ingestor = new Ingestor(store, ledger, { parkMaxAgeMs: 60_000 });
      const reopen = env('2', 'complaint.reopened', '2026-03-01T09:30:00Z', { complaintId: 'A', reason: 'early' });
      const items = [raise('1', 'A', '2026-03-01T09:00:00Z'), reopen, resolve('3', 'A', '2026-03-01T10:00:00Z')];
      const first = await ingestor.ingestMany(items, 'kafka', { untilRejected: true });
      expect(summary(first)).toEqual(['accepted', 'rejected:complaint_not_resolved']);
      expect((await store.readStream('complaint-A')).map((e) => e.type)).toEqual(['ComplaintRaised']);
      const rest = await ingestor.ingestMany(items.slice(2), 'kafka', { untilRejected: true });
      expect(summary(rest)).toEqual(['accepted']);
      expect(summary(await ingestor.ingestMany([{ not: 'an envelope' }, items[0]], 'kafka', { untilRejected: true }))).toEqual([
        'rejected:invalid_envelope',
      ]);
      // Without the option every item is answered.
      expect(summary(await ingestor.ingestMany([reopen, items[0]], 'http'))).toEqual(['accepted', 'duplicate']);
    } finally {
      close();
    }
  });

  it('dead-letters what waits too long and drains what can now be applied', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const { store, ledger, close } = open();
    try {
      const ingestor = new Ingestor(store, ledger, { parkMaxAgeMs: 1000, now: () => now });
      await ingestor.ingest(resolve('1', 'X', '2026-03-01T10:00:00Z'), 'kafka');
      now += 2000;
      expect(await ingestor.sweep()).toEqual({ drained: 0, expired: 1 });
      const letters = await ledger.listDeadLetters({ limit: 10, offset: 0 });
      expect(letters.items[0]).toMatchObject({ reason: 'parked_timeout', origin: 'kafka', idempotencyKey: 'desk:1' });
    } finally {
      close();
    }
  });
});

describe('Ingestor after a crash between storing a parked event and unparking it', () => {
  it('unparks it without judging it again against the later state', async () => {
    const { store, ledger, close } = open();
    try {
      const ingestor = new Ingestor(store, ledger, { parkMaxAgeMs: 60_000 });
      await ingestor.ingest(env('1', 'complaint.acknowledged', '2026-03-01T09:10:00Z', { complaintId: 'K', by: 'ana' }), 'kafka');
      const [parked] = await ledger.parkedFor('complaint-K');
      // The crash: the raise and the parked acknowledgement were stored, then the resolution; the unpark never ran.
      const unpark = ledger.unpark.bind(ledger);
      ledger.unpark = async () => undefined;
      await ingestor.ingest(raise('2', 'K', '2026-03-01T09:00:00Z'), 'kafka');
      await ingestor.ingest(resolve('3', 'K', '2026-03-01T10:00:00Z'), 'kafka');
      ledger.unpark = unpark;
      expect(await ledger.findParked(parked.idempotencyKey)).not.toBeNull();
      await ingestor.sweep();
      expect(await ledger.findParked(parked.idempotencyKey)).toBeNull();
      expect((await ledger.listDeadLetters({ limit: 10, offset: 0 })).total).toBe(0);
      const batched = await ingestor.ingestMany([raise('2', 'K', '2026-03-01T09:00:00Z')], 'kafka');
      expect(batched[0].status).toBe('duplicate');
    } finally {
      close();
    }
  });
});
