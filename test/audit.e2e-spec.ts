import { envelope, startApp, type RunningApp } from './support/app-harness';

describe('audit: the global log, filtered and exported', () => {
  let api: RunningApp;
  let between = '';

  beforeAll(async () => {
    api = await startApp();
    const raise = (c: string, id: string) =>
      envelope(id, 'complaint.raised', '2026-03-01T09:00:00Z', { complaintId: c, customerId: 'K-1', channel: 'web', category: 'app' });
    await api.request('POST', '/ingest', [raise('A-1', 'a1'), raise('A-2', 'a2')]);
    await new Promise((r) => setTimeout(r, 5));
    between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await api.request('POST', '/ingest', [
      envelope('a3', 'complaint.resolved', '2026-03-01T10:00:00Z', { complaintId: 'A-1', resolution: 'done' }),
      envelope('a4', 'customer.purchased', '2026-03-01T10:00:00Z', { customerId: 'K-1', amount: 5, currency: 'EUR' }),
    ]);
  });
  afterAll(() => api.stop());

  it('pages the log with a cursor', async () => {
    const first = (await api.request('GET', '/audit/log?limit=3')).body;
    expect(first.events.map((e: { type: string }) => e.type)).toEqual(['ComplaintRaised', 'ComplaintRaised', 'ComplaintResolved']);
    expect(first.next).toBe(3);
    const rest = (await api.request('GET', `/audit/log?after=${first.next}`)).body;
    expect(rest).toMatchObject({ events: [{ position: 4, type: 'PurchaseRecorded', streamId: 'customer-K-1' }], next: null });
  });

  it('filters by type, stream and what was known at an instant', async () => {
    const resolved = (await api.request('GET', '/audit/log?types=ComplaintResolved')).body.events;
    expect(resolved.map((e: { streamId: string }) => e.streamId)).toEqual(['complaint-A-1']);
    const customer = (await api.request('GET', '/audit/log?stream=customer-')).body.events;
    expect(customer).toHaveLength(1);
    const then = (await api.request('GET', `/audit/log?asOf=${encodeURIComponent(between)}`)).body.events;
    expect(then.map((e: { position: number }) => e.position)).toEqual([1, 2]);
    expect((await api.request('GET', '/audit/log?limit=0')).status).toBe(400);
  });

  it('seals the log in a hash chain that verifies', async () => {
    await api.runtime.auditChain.catchUp();
    const chain = (await api.request('GET', '/audit/chain')).body;
    expect(chain).toMatchObject({ head: { position: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }, headPosition: 4 });
    expect((await api.request('GET', '/audit/verify')).body).toMatchObject({ ok: true, checkedEvents: 4 });
  });

  it('exports NDJSON', async () => {
    const res = await fetch(`${api.baseUrl}/audit/export?stream=complaint-A-1`);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.position, l.type, l.metadata.sourceEventId])).toEqual([
      [1, 'ComplaintRaised', 'a1'],
      [3, 'ComplaintResolved', 'a3'],
    ]);
  });
});
