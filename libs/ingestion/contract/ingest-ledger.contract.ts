import type { Envelope } from '../../integrations/envelope';
import type { DeadLetterInput, IngestLedger, ParkedItem } from '../ingest-ledger.port';

export interface LedgerUnderTest {
  ledger: IngestLedger;
  cleanup: () => Promise<void>;
}

const envelope = (complaintId: string, sourceEventId: string): Envelope => ({
  source: 'zendesk',
  sourceEventId,
  type: 'complaint.resolved',
  occurredAt: '2026-03-01T16:20:00Z',
  actor: 'agent:ana',
  data: { complaintId, resolution: 'refund "issued" ✓', compensation: { amount: 12.5, currency: 'EUR' } },
});

const parkedItem = (
  streamId: string,
  key: string,
  occurredAt: number,
  parkedAt = 1_000,
): Omit<ParkedItem, 'id'> => ({
  streamId,
  idempotencyKey: key,
  eventId: `event-${key}`,
  envelope: envelope(streamId, key),
  occurredAt,
  parkedAt,
  origin: 'kafka',
});

const letter = (n: number, extra: Partial<DeadLetterInput> = {}): DeadLetterInput => ({
  origin: 'http',
  idempotencyKey: `zendesk:dl-${n}`,
  payload: `{"n":${n}}`,
  reason: 'invalid_envelope',
  message: `bad envelope ${n}`,
  issues: [{ path: ['data', 'complaintId'], message: 'Required' }],
  createdAt: 1_767_225_600_000 + n,
  ...extra,
});

/** The semantics every ingest-ledger adapter must hold. Call it from a spec with a factory. */
export const runIngestLedgerContract = (name: string, makeLedger: () => Promise<LedgerUnderTest>): void => {
  describe(`ingest ledger contract: ${name}`, () => {
    let sut: LedgerUnderTest;
    let ledger: IngestLedger;

    beforeEach(async () => {
      sut = await makeLedger();
      ledger = sut.ledger;
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    it('parks an envelope once per idempotency key and finds it again intact', async () => {
      const item = parkedItem('complaint-C-1', 'zendesk:1', 1_767_225_600_000, 1_767_225_700_000);
      expect(await ledger.park(item)).toBe('parked');
      expect(await ledger.park({ ...item, eventId: 'other' })).toBe('duplicate');
      const found = await ledger.findParked('zendesk:1');
      expect(found).toEqual({ ...item, id: expect.any(Number) });
      expect(await ledger.findParked('zendesk:none')).toBeNull();
    });

    it('finds the parked items of many keys at once', async () => {
      await ledger.park(parkedItem('complaint-C-1', 'zendesk:a', 100));
      await ledger.park(parkedItem('complaint-C-2', 'zendesk:"b" ✓', 200));
      const found = await ledger.findParkedMany(['zendesk:a', 'zendesk:none', 'zendesk:"b" ✓', 'zendesk:a']);
      expect([...found.keys()].sort()).toEqual(['zendesk:"b" ✓', 'zendesk:a']);
      expect(found.get('zendesk:a')).toEqual(await ledger.findParked('zendesk:a'));
      expect(found.get('zendesk:"b" ✓')).toMatchObject({ streamId: 'complaint-C-2', occurredAt: 200 });
      expect((await ledger.findParkedMany([])).size).toBe(0);
    });

    it('lists a stream in business-time order, ties in parking order', async () => {
      await ledger.park(parkedItem('complaint-C-1', 'k3', 300));
      await ledger.park(parkedItem('complaint-C-1', 'k1', 100));
      await ledger.park(parkedItem('complaint-C-2', 'k0', 50));
      await ledger.park(parkedItem('complaint-C-1', 'k2a', 200));
      await ledger.park(parkedItem('complaint-C-1', 'k2b', 200));
      expect((await ledger.parkedFor('complaint-C-1')).map((p) => p.idempotencyKey)).toEqual([
        'k1',
        'k2a',
        'k2b',
        'k3',
      ]);
      expect(await ledger.parkedFor('complaint-C-9')).toEqual([]);
      expect((await ledger.parkedStreams()).sort()).toEqual(['complaint-C-1', 'complaint-C-2']);
    });

    it('finds items parked before an instant, oldest parked first, and unparks them', async () => {
      await ledger.park(parkedItem('s-1', 'old-1', 1, 1_000));
      await ledger.park(parkedItem('s-2', 'new', 1, 5_000));
      await ledger.park(parkedItem('s-1', 'old-2', 1, 2_000));
      const old = await ledger.parkedBefore(5_000);
      expect(old.map((p) => p.idempotencyKey)).toEqual(['old-1', 'old-2']);
      await ledger.unpark(old[0].id);
      await ledger.unpark(old[0].id);
      expect(await ledger.findParked('old-1')).toBeNull();
      expect((await ledger.parkedBefore(10_000)).map((p) => p.idempotencyKey)).toEqual(['new', 'old-2']);
      expect(await ledger.park(parkedItem('s-1', 'old-1', 1, 1_000))).toBe('parked');
    });

    it('records a dead letter with every field and reads it back', async () => {
      const stored = await ledger.deadLetter(letter(1, { locator: 'tenfold.ingest.v1/2@1045' }));
      expect(stored).toEqual({
        ...letter(1, { locator: 'tenfold.ingest.v1/2@1045' }),
        id: expect.any(Number),
        status: 'open',
        attempts: 0,
        lastAttemptAt: null,
        lastOutcome: null,
      });
      expect(await ledger.getDeadLetter(stored.id)).toEqual(stored);
      const bare = await ledger.deadLetter(
        letter(2, { idempotencyKey: null, payload: 'not json {', issues: [] }),
      );
      expect(bare).toMatchObject({ idempotencyKey: null, locator: null, payload: 'not json {', issues: [] });
      expect(await ledger.getDeadLetter(bare.id + 1000)).toBeNull();
    });

    it('moves a parked item to the dead letters in one step', async () => {
      await ledger.park(parkedItem('s-1', 'zendesk:p', 1));
      const item = await ledger.findParked('zendesk:p');
      const dead = await ledger.deadLetterParked(
        item!.id,
        letter(3, { idempotencyKey: 'zendesk:p', reason: 'parked_timeout' }),
      );
      expect(dead).toMatchObject({ idempotencyKey: 'zendesk:p', reason: 'parked_timeout', status: 'open' });
      expect(await ledger.findParked('zendesk:p')).toBeNull();
      expect(await ledger.getDeadLetter(dead!.id)).toEqual(dead);
    });

    it('moves a parked item to the dead letters only once when two sweepers race', async () => {
      await ledger.park(parkedItem('s-1', 'zendesk:r', 1));
      const item = await ledger.findParked('zendesk:r');
      const entry = letter(5, { idempotencyKey: 'zendesk:r', reason: 'parked_timeout' });
      const results = await Promise.all([ledger.deadLetterParked(item!.id, entry), ledger.deadLetterParked(item!.id, entry)]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await ledger.listDeadLetters({ limit: 10, offset: 0 })).total).toBe(1);
    });

    it('keeps the item parked when moving it to the dead letters fails', async () => {
      await ledger.park(parkedItem('s-1', 'zendesk:q', 1));
      const item = await ledger.findParked('zendesk:q');
      const invalid = { ...letter(4), reason: null } as unknown as DeadLetterInput;
      // Realm-neutral: a native driver's error class may not be an `Error` of the test's realm.
      const outcome = await ledger.deadLetterParked(item!.id, invalid).then(
        () => 'stored',
        () => 'failed',
      );
      expect(outcome).toBe('failed');
      expect(await ledger.findParked('zendesk:q')).toEqual(item);
      expect((await ledger.listDeadLetters({ limit: 10, offset: 0 })).total).toBe(0);
    });

    it('lists dead letters newest first, by status, with the total and paging', async () => {
      const ids: number[] = [];
      for (let n = 1; n <= 5; n++) ids.push((await ledger.deadLetter(letter(n))).id);
      await ledger.recordRetry(ids[1], { resolved: true, outcome: 'accepted', at: 9_000 });
      const all = await ledger.listDeadLetters({ limit: 2, offset: 1 });
      expect(all.total).toBe(5);
      expect(all.items.map((d) => d.id)).toEqual([ids[3], ids[2]]);
      const open = await ledger.listDeadLetters({ status: 'open', limit: 10, offset: 0 });
      expect(open.total).toBe(4);
      expect(open.items.map((d) => d.id)).toEqual([ids[4], ids[3], ids[2], ids[0]]);
      const resolved = await ledger.listDeadLetters({ status: 'resolved', limit: 10, offset: 0 });
      expect(resolved).toEqual({
        total: 1,
        items: [expect.objectContaining({ id: ids[1], status: 'resolved' })],
      });
      expect(await ledger.listDeadLetters({ status: 'open', limit: 10, offset: 10 })).toEqual({
        total: 4,
        items: [],
      });
    });

    it('records retries: attempts count, the outcome, resolution, and a corrected payload', async () => {
      const { id } = await ledger.deadLetter(letter(1));
      await ledger.recordRetry(id, { resolved: false, outcome: 'rejected:invalid_json', at: 7_000 });
      expect(await ledger.getDeadLetter(id)).toMatchObject({
        status: 'open',
        attempts: 1,
        lastAttemptAt: 7_000,
        lastOutcome: 'rejected:invalid_json',
        payload: '{"n":1}',
      });
      await ledger.recordRetry(id, {
        resolved: true,
        outcome: 'accepted',
        at: 8_000,
        payload: '{"fixed":true}',
      });
      expect(await ledger.getDeadLetter(id)).toMatchObject({
        status: 'resolved',
        attempts: 2,
        lastAttemptAt: 8_000,
        lastOutcome: 'accepted',
        payload: '{"fixed":true}',
      });
    });
  });
};
