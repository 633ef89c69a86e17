import { envelope, startApp, tempDbFile, type RunningApp } from './support/app-harness';

const raise = (id: string, sourceEventId: string, at: string, extra: Record<string, unknown> = {}) =>
  envelope(sourceEventId, 'complaint.raised', at, {
    complaintId: id,
    customerId: `K-${id}`,
    channel: 'email',
    category: 'billing',
    summary: `Complaint ${id}`,
    ...extra,
  });
const resolve = (id: string, sourceEventId: string, at: string) =>
  envelope(sourceEventId, 'complaint.resolved', at, { complaintId: id, resolution: 'fixed' });

/** A mixed batch: valid, duplicate, invalid, unknown type, out of order, and domain rejections. */
const batch = [
  raise('C-1', 'e0', '2026-03-01T09:00:00Z'),
  raise('C-1', 'e0', '2026-03-01T09:00:00Z'),
  raise('C-X', 'e2', '2026-03-01T09:00:00Z', { severity: 'urgent' }),
  envelope('e3', 'complaint.exploded', '2026-03-01T09:00:00Z', { complaintId: 'C-1' }),
  resolve('C-2', 'e4', '2026-03-05T10:00:00Z'),
  raise('C-2', 'e5', '2026-03-05T09:00:00Z'),
  resolve('C-1', 'e6', '2026-03-02T08:00:00Z'),
  raise('C-3', 'e7', '2026-03-10T10:00:00Z'),
  resolve('C-3', 'e8', '2026-03-10T09:00:00Z'),
  raise('C-4', 'e9', '2026-03-01T12:00:00Z'),
  envelope('e10', 'complaint.escalated', '2026-03-01T12:10:00Z', { complaintId: 'C-4', level: 1, reason: 'angry', by: 'customer' }),
  envelope('e11', 'complaint.acknowledged', '2026-03-01T12:30:00Z', { complaintId: 'C-4', by: 'agent:ana' }),
  raise('C-5', 'e12', '2026-03-01T09:00:00Z'),
  envelope('e13', 'complaint.withdrawn', '2026-03-01T09:30:00Z', { complaintId: 'C-5', reason: 'customer changed mind' }),
  resolve('C-6', 'e14', '2026-03-01T08:00:00Z'),
  raise('C-6', 'e15', '2026-03-01T09:00:00Z'),
  raise('C-7', 'e16', '2026-03-01T23:59:00Z'),
  resolve('C-7', 'e17', '2026-03-02T00:01:00Z'),
  raise('C-8', 'e18', '2026-03-01T10:00:00Z'),
  resolve('C-8', 'e19', '2026-03-01T11:00:00Z'),
  envelope('e20', 'complaint.reopened', '2026-03-03T09:00:00Z', { complaintId: 'C-8', reason: 'still broken' }),
  resolve('C-8', 'e21', '2026-03-04T09:00:00Z'),
  resolve('C-9', 'e22', '2026-03-04T09:00:00Z'),
  { source: 'zendesk', type: 'complaint.raised', occurredAt: 'yesterday', data: {} },
];

const expectedSummary = {
  complaints: 8,
  resolved: { tier1: 1, tier10: 2, tier100: 1 },
  open: { tier1: 0, tier10: 0, tier100: 3 },
  withdrawn: 1,
  costUnits: { resolved: 121, open: 300, total: 421 },
  reopened: 1,
  escalated: 1,
  slaBreaches: 5,
  breaches: { acknowledge: 3, resolve: 4 },
  medianHoursToResolve: 12,
};

const withoutClock = (summary: Record<string, unknown>) => {
  const { asOf: _asOf, ...rest } = summary;
  return rest;
};

describe('ingest → store → projector → SLA view (HTTP, embedded SQLite)', () => {
  const db = tempDbFile();
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp({ TENFOLD_PARK_MAX_AGE_SECONDS: '1' }, db.file);
  });
  afterAll(async () => {
    await api?.stop();
    db.remove();
  });

  it('answers every item of a mixed batch', async () => {
    const res = await api.request('POST', '/ingest', batch);
    expect(res.status).toBe(200);
    const byIndex = (i: number) => res.body.results[i];
    expect(byIndex(0)).toMatchObject({ index: 0, status: 'accepted', streamId: 'complaint-C-1' });
    expect(byIndex(0).eventId).toEqual(expect.any(String));
    expect(byIndex(1)).toMatchObject({ status: 'duplicate', eventId: byIndex(0).eventId });
    expect(byIndex(2)).toMatchObject({ status: 'rejected', reason: 'invalid_data' });
    expect(byIndex(2).issues).toEqual([expect.objectContaining({ path: ['data', 'severity'], code: 'invalid_value' })]);
    expect(byIndex(3)).toMatchObject({ status: 'rejected', reason: 'unknown_type' });
    expect(byIndex(4)).toMatchObject({ status: 'accepted', parked: true });
    expect(byIndex(5)).toMatchObject({ status: 'accepted' });
    expect(byIndex(8)).toMatchObject({ status: 'rejected', reason: 'resolution_before_raise', issues: [] });
    expect(byIndex(14)).toMatchObject({ status: 'accepted', parked: true });
    expect(byIndex(22)).toMatchObject({ status: 'accepted', parked: true });
    expect(byIndex(23)).toMatchObject({ status: 'rejected', reason: 'invalid_envelope' });
    expect(byIndex(23).issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['occurredAt', 'sourceEventId']);
    expect(res.body).toMatchObject({ accepted: 19, duplicate: 1, rejected: 4, projected: true });
    expect(res.body.results).toHaveLength(batch.length);
  });

  it('applies a parked resolution when its raise arrives, keeping the event id it was given', async () => {
    const parkedId = (await api.request('POST', '/ingest', batch[4])).body.results[0].eventId;
    const history = await api.request('GET', '/complaints/C-2/history');
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['ComplaintRaised', 'ComplaintResolved']);
    expect(history.body.events[1].metadata).toMatchObject({ eventId: parkedId, source: 'zendesk', sourceEventId: 'e4', actor: 'agent:test' });
    const c2 = await api.request('GET', '/complaints/C-2');
    expect(c2.body).toMatchObject({ status: 'resolved', tier: 1, cost: 1 });
  });

  it('dead-letters a parked event that fails when applied, and one that waits past the bound', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    await api.runtime.ingestor.sweep();
    const res = await api.request('GET', '/dead-letters');
    expect(res.status).toBe(200);
    const reasons = res.body.items.map((d: { reason: string; idempotencyKey: string }) => [d.idempotencyKey, d.reason]).sort();
    expect(reasons).toEqual([
      ['zendesk:e14', 'resolution_before_raise'],
      ['zendesk:e22', 'parked_timeout'],
    ]);
    expect(res.body.total).toBe(2);
  });

  it('retries a dead letter after the fix arrives', async () => {
    await api.request('POST', '/ingest', raise('C-9', 'e30', '2026-03-04T08:00:00Z', { category: 'shipping' }));
    const letters = (await api.request('GET', '/dead-letters')).body.items;
    const timedOut = letters.find((d: { reason: string }) => d.reason === 'parked_timeout');
    const retry = await api.request('POST', `/dead-letters/${timedOut.id}/retry`);
    expect(retry.status).toBe(201);
    expect(retry.body.outcome).toMatchObject({ status: 'accepted' });
    expect(retry.body.deadLetter).toMatchObject({ status: 'resolved', attempts: 1 });
    expect((await api.request('GET', '/complaints/C-9')).body).toMatchObject({ status: 'resolved', tier: 1 });
  });

  it('summarises the SLA view under 1:10:100', async () => {
    const res = await api.request('GET', '/views/sla/summary?category=billing');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expectedSummary);
    const early = await api.request('GET', '/views/sla/summary?from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z&channel=email');
    expect(early.body).toMatchObject({ complaints: 6, resolved: { tier1: 0, tier10: 2, tier100: 1 } });
    const all = await api.request('GET', '/views/sla/summary');
    expect(all.body.complaints).toBe(9);
    const none = await api.request('GET', '/views/sla/summary?team=nobody');
    expect(none.body).toMatchObject({ complaints: 0, medianHoursToResolve: null });
  });

  it('reports a complaint with tier, cost and timestamps', async () => {
    const c8 = (await api.request('GET', '/complaints/C-8')).body;
    expect(c8).toMatchObject({
      status: 'resolved',
      tier: 100,
      cost: 100,
      reopenCount: 1,
      raisedAt: '2026-03-01T10:00:00.000Z',
      resolvedAt: '2026-03-04T09:00:00.000Z',
      sla: { breaches: { acknowledge: false, resolve: true } },
    });
    const c7 = (await api.request('GET', '/complaints/C-7')).body;
    expect(c7).toMatchObject({ tier: 10, cost: 10 });
    expect((await api.request('GET', '/complaints/nope')).status).toBe(404);
  });

  it('lists SLA rows with filters, sorting and paging', async () => {
    const page = await api.request('GET', '/views/sla/complaints?status=resolved&sort=raisedAt&order=asc&limit=2');
    expect(page.body.total).toBe(5);
    expect(page.body.items.map((r: { complaintId: string }) => r.complaintId)).toEqual(['C-1', 'C-8']);
    const tier100 = await api.request('GET', '/views/sla/complaints?tier=100&status=open');
    expect(tier100.body.items.map((r: { complaintId: string }) => r.complaintId).sort()).toEqual(['C-3', 'C-4', 'C-6']);
    const bad = await api.request('GET', '/views/sla/complaints?tier=5');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toEqual(['tier']);
  });

  it('rebuilds the views from zero to the same summary', async () => {
    const before = (await api.request('GET', '/views/sla/summary')).body;
    await api.runtime.projector.rebuild();
    const after = (await api.request('GET', '/views/sla/summary')).body;
    expect(withoutClock(after)).toEqual(withoutClock(before));
  });

  it('rejects bad input with a clear 4xx and keeps serving', async () => {
    const before = (await api.request('GET', '/views/sla/summary')).body;
    const malformed = await fetch(`${api.baseUrl}/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"source": "zendesk", ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/JSON/);

    const wrongTypes = await api.request('POST', '/ingest', raise('C-Z', 'z1', '2026-03-01T09:00:00Z', { formal: 'yes' }));
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.results[0].issues[0]).toMatchObject({ path: ['data', 'formal'] });

    const unknown = await api.request('POST', '/ingest', envelope('z2', 'complaint.exploded', '2026-03-01T09:00:00Z', {}));
    expect(unknown.status).toBe(400);
    expect(unknown.body.results[0].reason).toBe('unknown_type');

    const domain = await api.request('POST', '/ingest', resolve('C-1', 'z3', '2026-03-09T09:00:00Z'));
    expect(domain.status).toBe(409);
    expect(domain.body.results[0].reason).toBe('complaint_already_resolved');

    const huge = await fetch(`${api.baseUrl}/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...raise('C-H', 'z4', '2026-03-01T09:00:00Z'), padding: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);

    const scalar = await api.request('POST', '/ingest', 42);
    expect(scalar.status).toBe(400);

    const ndjson = [JSON.stringify(raise('C-N', 'n1', '2026-03-01T09:00:00Z')), '{oops', ''].join('\n');
    const nd = await api.request('POST', '/ingest', ndjson);
    expect(nd.status).toBe(200);
    expect(nd.body.results.map((r: { status: string; reason?: string }) => r.reason ?? r.status)).toEqual([
      'accepted',
      'invalid_json',
    ]);

    const after = (await api.request('GET', '/views/sla/summary')).body;
    expect(after.complaints).toBe(before.complaints + 1);
    expect((await api.request('GET', '/health')).body.status).toBe('ok');
  });

  it('keeps data and idempotency across a restart', async () => {
    const before = (await api.request('GET', '/views/sla/summary')).body;
    await api.stop();
    api = await startApp({}, db.file);
    const after = (await api.request('GET', '/views/sla/summary')).body;
    expect(withoutClock(after)).toEqual(withoutClock({ ...before, asOf: undefined }));
    const again = await api.request('POST', '/ingest', batch[0]);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate' });
  });
});
