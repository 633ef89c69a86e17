import type { z } from 'zod';
import {
  customerDetailsSchema,
  loyaltyPageSchema,
  loyaltySummarySchema,
} from '../libs/projections/loyalty/loyalty-schemas';
import { retentionSummarySchema } from '../libs/projections/retention/retention-schemas';
import { satisfactionSummarySchema } from '../libs/projections/satisfaction/satisfaction-schemas';
import { envelope, startApp, tempDbFile, type RunningApp } from './support/app-harness';

/**
 * A scripted customer history ingested over HTTP in three phases. Old facts carry fixed dates (their
 * outcome never changes); the facts that must be recent (a 90-day score window, an open complaint) are
 * dated relative to today. After each phase the views are captured live at an instant; later the same
 * views are asked `asOf` that instant, and after a rebuild.
 */
const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const daysAgo = (days: number): string => new Date(today - days * DAY + 9 * 3_600_000).toISOString();

let seq = 0;
const customer = (type: string, occurredAt: string, data: Record<string, unknown>) =>
  envelope(`crm-${++seq}`, `customer.${type}`, occurredAt, data, 'crm');
const score = (occurredAt: string, data: Record<string, unknown>) =>
  envelope(`crm-${++seq}`, 'satisfaction.recorded', occurredAt, data, 'crm');
const complaint = (type: string, occurredAt: string, data: Record<string, unknown>) =>
  envelope(`zd-${++seq}`, `complaint.${type}`, occurredAt, data);
const purchase = (customerId: string, occurredAt: string, amount: number) =>
  customer('purchased', occurredAt, { customerId, amount, currency: 'EUR' });

const phase1 = [
  customer('registered', '2020-01-06T09:00:00Z', {
    customerId: 'K-A',
    name: 'Ana',
    segment: 'retail',
    keyAccount: true,
  }),
  purchase('K-A', '2020-01-10T09:00:00Z', 500),
  purchase('K-A', '2020-01-20T09:00:00Z', 300),
  customer('referred', '2020-02-01T09:00:00Z', { customerId: 'K-A', referralId: 'R-1' }),
  customer('referral_converted', '2020-03-02T09:00:00Z', {
    customerId: 'K-A',
    referralId: 'R-1',
    newCustomerId: 'K-Z',
  }),
  customer('registered', '2021-01-01T09:00:00Z', { customerId: 'K-B', segment: 'smb' }),
  ...['01', '02', '03', '04', '05'].map((m) => purchase('K-B', `2021-${m}-10T09:00:00Z`, 20)),
  purchase('K-D', '2023-01-05T09:00:00Z', 60),
  purchase('K-D', '2023-02-05T09:00:00Z', 60),
  complaint('raised', '2024-03-01T09:00:00Z', {
    complaintId: 'C-1',
    customerId: 'K-A',
    channel: 'email',
    category: 'billing',
  }),
  complaint('resolved', '2024-03-01T15:00:00Z', { complaintId: 'C-1', resolution: 'refund' }),
  score('2024-03-02T09:00:00Z', { customerId: 'K-A', kind: 'csat', score: 5, complaintId: 'C-1' }),
  score('2024-03-03T09:00:00Z', { customerId: 'K-A', kind: 'nps', score: 10 }),
];
const phase2 = [
  customer('registered', daysAgo(30), { customerId: 'K-C', name: 'Cleo', segment: 'smb' }),
  purchase('K-C', daysAgo(20), 40),
  complaint('raised', daysAgo(5), {
    complaintId: 'C-2',
    customerId: 'K-C',
    channel: 'phone',
    category: 'delivery',
  }),
  score(daysAgo(4), { customerId: 'K-C', kind: 'nps', score: 3, complaintId: 'C-2' }),
  score(daysAgo(3), { customerId: 'K-C', kind: 'csat', score: 2 }),
  complaint('raised', '2024-06-10T09:00:00Z', {
    complaintId: 'C-3',
    customerId: 'K-B',
    channel: 'chat',
    category: 'delivery',
    formal: false,
  }),
  complaint('resolved', '2024-06-11T10:00:00Z', { complaintId: 'C-3', resolution: 'replaced' }),
  customer('churned', '2024-09-01T09:00:00Z', { customerId: 'K-D', reason: 'price' }),
];
const phase3 = [
  customer('reactivated', '2025-01-15T09:00:00Z', { customerId: 'K-D' }),
  customer('referred', '2024-07-01T09:00:00Z', { customerId: 'K-B', referralId: 'R-2' }),
  customer('registered', '2024-01-01T09:00:00Z', { customerId: 'K-E', segment: 'retail' }),
  customer('suggested', '2024-02-01T09:00:00Z', { customerId: 'K-E', text: 'More parking' }),
  purchase('K-F', '2024-05-01T09:00:00Z', 10),
  customer('churned', '2024-08-01T09:00:00Z', { customerId: 'K-F', reason: 'moved away' }),
  customer('suggested', '2024-04-01T09:00:00Z', { customerId: 'K-A', text: 'A loyalty card' }),
];

const VIEWS = [
  '/customers/K-A',
  '/customers/K-C',
  '/views/loyalty/summary',
  '/views/loyalty/customers',
  '/views/satisfaction/summary',
  '/views/retention/summary',
] as const;

const SCHEMAS: Record<(typeof VIEWS)[number], z.ZodType> = {
  '/customers/K-A': customerDetailsSchema,
  '/customers/K-C': customerDetailsSchema,
  '/views/loyalty/summary': loyaltySummarySchema,
  '/views/loyalty/customers': loyaltyPageSchema,
  '/views/satisfaction/summary': satisfactionSummarySchema,
  '/views/retention/summary': retentionSummarySchema,
};

const withoutClock = (body: unknown): unknown => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { asOf: _asOf, ...rest } = body as Record<string, unknown>;
  return rest;
};

const group = (customers: number, churned: number, rate: number) => ({ customers, churned, rate });
const stages = (s: Partial<Record<string, number>>) => ({
  encounter: 0,
  courtship: 0,
  engaged: 0,
  married: 0,
  lifelong: 0,
  churned: 0,
  ...s,
});
const noCsat = { responses: 0, average: null, satisfiedPct: null };
const noNps = { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null };
const npsOf = (promoters: number, passives: number, detractors: number, score: number) => ({
  responses: promoters + passives + detractors,
  promoters,
  passives,
  detractors,
  score,
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('relationship views over HTTP: loyalty, satisfaction, retention, customers', () => {
  const db = tempDbFile();
  let api: RunningApp;
  /** Instant after each phase, and the views captured live then (status and body). */
  const instants: number[] = [];
  const captured: Array<Record<string, { status: number; body: unknown }>> = [];

  const get = async (path: string) => {
    const res = await api.request('GET', path);
    return { status: res.status, body: res.body as any };
  };
  const ingest = async (items: unknown[]) => {
    const res = await api.request('POST', '/ingest', items);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: items.length, rejected: 0, projected: true });
  };
  const capture = async () => {
    const views: Record<string, { status: number; body: unknown }> = {};
    for (const path of VIEWS) views[path] = await get(path);
    return views;
  };
  const phase = async (items: unknown[]) => {
    await ingest(items);
    await pause(5);
    instants.push(Date.now());
    captured.push(await capture());
    await pause(5);
  };

  beforeAll(async () => {
    api = await startApp({}, db.file);
  });
  afterAll(async () => {
    await api?.stop();
    db.remove();
  });

  describe('after phase 1', () => {
    beforeAll(() => phase(phase1));

    it('answers the loyalty summary: stages, levels, at-risk and the stage funnel', () => {
      expect(withoutClock(captured[0]['/views/loyalty/summary'].body)).toEqual({
        customers: 3,
        stages: stages({ courtship: 2, lifelong: 1 }),
        levels: { none: 0, normal: 2, strong: 0, committed: 1 },
        atRisk: 0,
        atRiskReasons: { open_complaint_tier_100: 0, detractor_nps: 0, low_csat: 0 },
        transitions: [
          { from: 'encounter', to: 'courtship', count: 3 },
          { from: 'courtship', to: 'engaged', count: 1 },
          { from: 'courtship', to: 'married', count: 1 },
          { from: 'engaged', to: 'courtship', count: 1 },
          { from: 'married', to: 'lifelong', count: 1 },
        ],
        reached: stages({ encounter: 3, courtship: 3, engaged: 1, married: 1, lifelong: 1 }),
      });
    });

    it('does not know K-C yet', () => {
      expect(captured[0]['/customers/K-C']).toEqual({
        status: 404,
        body: {
          statusCode: 404,
          error: 'Not Found',
          reason: 'customer_not_found',
          message: 'Customer K-C is not known',
        },
      });
    });

    it('answers the satisfaction and retention summaries', () => {
      expect(withoutClock(captured[0]['/views/satisfaction/summary'].body)).toMatchObject({
        csat: { responses: 1, average: 5, satisfiedPct: 100 },
        nps: npsOf(1, 0, 0, 100),
        attitude: { dissatisfied: 0, satisfied: 0, delighted: 2 },
        iceberg: { formal: 1, voicedElsewhere: 7, silent: 12, estimatedUnhappy: 20 },
      });
      expect(withoutClock(captured[0]['/views/retention/summary'].body)).toMatchObject({
        customers: 3,
        referrals: { made: 1, converted: 1, conversionRate: 1 },
        suggestions: 0,
        complaintChurn: {
          complained: group(1, 0, 0),
          notComplained: group(2, 0, 0),
          byTier: { tier1: group(1, 0, 0), tier10: group(0, 0, 0), tier100: group(0, 0, 0) },
        },
        pareto: { topShare: 0.7843, topCustomers: [{ customerId: 'K-A', value: 800, share: 0.7843 }] },
      });
    });
  });

  describe('after phase 2', () => {
    beforeAll(() => phase(phase2));

    it('puts K-C at risk for all three reasons', () => {
      const { status, body } = captured[1]['/customers/K-C'];
      expect(status).toBe(200);
      expect(withoutClock(body)).toEqual({
        customerId: 'K-C',
        registered: true,
        name: 'Cleo',
        segment: 'smb',
        keyAccount: false,
        partnership: 'none',
        referrals: {},
        status: 'active',
        churnedAt: null,
        stage: 'encounter',
        level: 'none',
        atRisk: true,
        atRiskReasons: ['open_complaint_tier_100', 'detractor_nps', 'low_csat'],
        stageSince: daysAgo(30),
        nextChangeAt: new Date(Date.parse(daysAgo(4)) + 90 * DAY).toISOString(),
        history: [{ stage: 'encounter', from: null, at: daysAgo(30), cause: 'CustomerRegistered' }],
        purchases: { count: 1, total: 40 },
        referralCounts: { made: 0, converted: 0 },
        complaints: { total: 1, open: 1 },
        version: 3,
        lastRecordedAt: expect.any(String),
      });
    });

    it('answers the satisfaction summary with the complaint iceberg and breakdowns', () => {
      const body = captured[1]['/views/satisfaction/summary'].body as any;
      expect(body.csat).toEqual({ responses: 2, average: 3.5, satisfiedPct: 50 });
      expect(body.nps).toEqual(npsOf(1, 0, 1, 0));
      expect(body.attitude).toEqual({ dissatisfied: 2, satisfied: 0, delighted: 2 });
      expect(body.iceberg).toEqual({ formal: 2, voicedElsewhere: 14, silent: 24, estimatedUnhappy: 40 });
      expect(body.byMonth[0]).toEqual({
        month: '2024-03',
        csat: { responses: 1, average: 5, satisfiedPct: 100 },
        nps: npsOf(1, 0, 0, 100),
        attitude: { dissatisfied: 0, satisfied: 0, delighted: 2 },
        formalComplaints: 1,
      });
      const recentMonths = new Set([daysAgo(5), daysAgo(4), daysAgo(3)].map((d) => d.slice(0, 7)));
      expect(body.byMonth.slice(1).map((g: { month: string }) => g.month)).toEqual([...recentMonths].sort());
      expect(body.byChannel).toEqual([
        {
          channel: 'email',
          csat: { responses: 1, average: 5, satisfiedPct: 100 },
          nps: noNps,
          attitude: { dissatisfied: 0, satisfied: 0, delighted: 1 },
          formalComplaints: 1,
        },
        {
          channel: 'phone',
          csat: noCsat,
          nps: npsOf(0, 0, 1, -100),
          attitude: { dissatisfied: 1, satisfied: 0, delighted: 0 },
          formalComplaints: 1,
        },
        {
          channel: null,
          csat: { responses: 1, average: 2, satisfiedPct: 0 },
          nps: npsOf(1, 0, 0, 100),
          attitude: { dissatisfied: 1, satisfied: 0, delighted: 1 },
          formalComplaints: 0,
        },
      ]);
      expect(
        body.byCategory.map((g: any) => [g.category, g.csat.responses, g.nps.responses, g.formalComplaints]),
      ).toEqual([
        ['billing', 1, 0, 1],
        ['delivery', 0, 1, 1],
        [null, 1, 1, 0],
      ]);
    });

    it('filters satisfaction by period', async () => {
      const { body } = await get(
        '/views/satisfaction/summary?from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z',
      );
      expect(body).toMatchObject({ csat: { responses: 1 }, nps: { responses: 1 }, iceberg: { formal: 1 } });
    });
  });

  describe('after phase 3', () => {
    beforeAll(() => phase(phase3));

    it('answers the loyalty summary field by field', () => {
      expect(withoutClock(captured[2]['/views/loyalty/summary'].body)).toEqual({
        customers: 6,
        stages: stages({ encounter: 2, courtship: 2, lifelong: 1, churned: 1 }),
        levels: { none: 3, normal: 1, strong: 1, committed: 1 },
        atRisk: 1,
        atRiskReasons: { open_complaint_tier_100: 1, detractor_nps: 1, low_csat: 1 },
        transitions: [
          { from: 'encounter', to: 'courtship', count: 3 },
          { from: 'encounter', to: 'churned', count: 1 },
          { from: 'courtship', to: 'engaged', count: 1 },
          { from: 'courtship', to: 'married', count: 1 },
          { from: 'courtship', to: 'churned', count: 1 },
          { from: 'engaged', to: 'courtship', count: 1 },
          { from: 'married', to: 'lifelong', count: 1 },
          { from: 'churned', to: 'courtship', count: 1 },
        ],
        reached: stages({ encounter: 6, courtship: 3, engaged: 1, married: 1, lifelong: 1, churned: 2 }),
      });
    });

    it('answers a customer with stage history, time-driven changes included', () => {
      expect(withoutClock(captured[2]['/customers/K-A'].body)).toEqual({
        customerId: 'K-A',
        registered: true,
        name: 'Ana',
        segment: 'retail',
        keyAccount: true,
        partnership: 'none',
        referrals: { 'R-1': 'K-Z' },
        status: 'active',
        churnedAt: null,
        stage: 'lifelong',
        level: 'committed',
        atRisk: false,
        atRiskReasons: [],
        stageSince: '2022-03-02T09:00:00.000Z',
        nextChangeAt: null,
        history: [
          { stage: 'encounter', from: null, at: '2020-01-06T09:00:00.000Z', cause: 'CustomerRegistered' },
          {
            stage: 'courtship',
            from: 'encounter',
            at: '2020-01-20T09:00:00.000Z',
            cause: 'PurchaseRecorded',
          },
          { stage: 'married', from: 'courtship', at: '2020-03-02T09:00:00.000Z', cause: 'ReferralConverted' },
          { stage: 'lifelong', from: 'married', at: '2022-03-02T09:00:00.000Z', cause: 'time' },
        ],
        purchases: { count: 2, total: 800 },
        referralCounts: { made: 1, converted: 1 },
        complaints: { total: 1, open: 0 },
        version: 7,
        lastRecordedAt: expect.any(String),
      });
    });

    it('lists customers with filters and paging', async () => {
      const ids = async (query: string) =>
        (await get(`/views/loyalty/customers${query}`)).body.items.map(
          (i: { customerId: string }) => i.customerId,
        );
      expect(await ids('')).toEqual(['K-A', 'K-B', 'K-C', 'K-D', 'K-E', 'K-F']);
      expect(await ids('?atRisk=true')).toEqual(['K-C']);
      expect(await ids('?stage=courtship')).toEqual(['K-B', 'K-D']);
      expect(await ids('?level=strong')).toEqual(['K-B']);
      expect(await ids('?keyAccount=true')).toEqual(['K-A']);
      expect(await ids('?segment=smb&atRisk=false')).toEqual(['K-B']);
      const page = await get('/views/loyalty/customers?limit=2&offset=2');
      expect(page.body).toMatchObject({ total: 6, limit: 2, offset: 2 });
      expect(page.body.items).toEqual([
        {
          customerId: 'K-C',
          name: 'Cleo',
          segment: 'smb',
          keyAccount: false,
          registered: true,
          stage: 'encounter',
          level: 'none',
          atRisk: true,
          atRiskReasons: ['open_complaint_tier_100', 'detractor_nps', 'low_csat'],
          stageSince: daysAgo(30),
          nextChangeAt: new Date(Date.parse(daysAgo(4)) + 90 * DAY).toISOString(),
          purchases: 1,
        },
        {
          customerId: 'K-D',
          name: null,
          segment: null,
          keyAccount: false,
          registered: false,
          stage: 'courtship',
          level: 'normal',
          atRisk: false,
          atRiskReasons: [],
          stageSince: '2025-01-15T09:00:00.000Z',
          nextChangeAt: null,
          purchases: 2,
        },
      ]);
      expect((await get('/views/loyalty/customers?stage=dating')).status).toBe(400);
    });

    it('answers the retention summary field by field (rates as fractions)', () => {
      expect(withoutClock(captured[2]['/views/retention/summary'].body)).toEqual({
        customers: 6,
        referrals: { made: 2, converted: 1, conversionRate: 0.5 },
        suggestions: 2,
        complaintChurn: {
          complained: group(3, 0, 0),
          notComplained: group(3, 1, 0.3333),
          byTier: { tier1: group(1, 0, 0), tier10: group(1, 0, 0), tier100: group(1, 0, 0) },
        },
        pareto: {
          topShare: 0.8598,
          topFraction: 0.2,
          topCustomers: [
            { customerId: 'K-A', value: 800, share: 0.7477 },
            { customerId: 'K-D', value: 120, share: 0.1121 },
          ],
          customers: 6,
          totalValue: 1070,
          currencies: ['EUR'],
        },
      });
    });

    it('keeps the satisfaction summary of phase 2 (no new scores or complaints)', () => {
      expect(withoutClock(captured[2]['/views/satisfaction/summary'].body)).toEqual(
        withoutClock(captured[1]['/views/satisfaction/summary'].body),
      );
    });
  });

  describe('bad customer events', () => {
    it('are rejected per item with a reason, and nothing stored changes', async () => {
      const head = await api.runtime.store.headPosition();
      const before = await capture();
      const res = await api.request('POST', '/ingest', [
        score(daysAgo(1), { customerId: 'K-C', kind: 'nps', score: 11 }),
        customer('referral_converted', daysAgo(1), {
          customerId: 'K-B',
          referralId: 'R-404',
          newCustomerId: 'K-Y',
        }),
        customer('purchased', daysAgo(1), { customerId: 'K-E', amount: -5, currency: 'EUR' }),
        customer('churned', daysAgo(1), { customerId: 'K-F', reason: 'again' }),
        customer('reactivated', daysAgo(1), { customerId: 'K-A' }),
        customer('partnership_signed', daysAgo(1), { customerId: 'K-B', level: 'gold' }),
      ]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 0, duplicate: 0, rejected: 6 });
      expect(res.body.results.map((r: { reason: string }) => r.reason)).toEqual([
        'invalid_data',
        'referral_not_found',
        'invalid_data',
        'customer_already_churned',
        'customer_not_churned',
        'invalid_data',
      ]);
      expect(res.body.results[0].issues).toEqual([
        expect.objectContaining({ path: ['data', 'score'], message: 'nps score must be between 0 and 10' }),
      ]);
      expect(res.body.results[2].issues).toEqual([expect.objectContaining({ path: ['data', 'amount'] })]);
      expect(res.body.results[3].message).toBe('Customer K-F has already churned');

      const single = await api.request(
        'POST',
        '/ingest',
        customer('churned', daysAgo(1), { customerId: 'K-F', reason: 'x' }),
      );
      expect(single.status).toBe(409);
      expect(await api.runtime.store.headPosition()).toBe(head);
      const after = await capture();
      for (const path of VIEWS)
        expect(withoutClock(after[path].body)).toEqual(withoutClock(before[path].body));
    });
  });

  describe('contract', () => {
    it('answers in the documented shapes (the zod schemas the OpenAPI page is generated from)', () => {
      for (const views of captured) {
        for (const path of VIEWS) {
          if (views[path].status !== 200) continue;
          const parsed = SCHEMAS[path].safeParse(views[path].body);
          expect({ path, issues: parsed.error?.issues ?? [] }).toEqual({ path, issues: [] });
          expect(parsed.data).toEqual(views[path].body);
        }
      }
    });

    it('lists every relationship endpoint on the OpenAPI page', async () => {
      const { status, body } = await get('/docs/openapi.json');
      expect(status).toBe(200);
      for (const path of [
        '/customers/{id}',
        '/views/loyalty/summary',
        '/views/loyalty/customers',
        '/views/satisfaction/summary',
        '/views/retention/summary',
      ]) {
        expect(body.paths[path]?.get).toEqual(expect.objectContaining({ summary: expect.any(String) }));
      }
    });
  });

  describe('time travel and rebuild', () => {
    it.each([0, 1, 2])('answers asOf the instant after phase %p as captured live then', async (i) => {
      const asOf = new Date(instants[i]).toISOString();
      for (const path of VIEWS) {
        const then = await get(`${path}?asOf=${encodeURIComponent(asOf)}`);
        expect({ path, status: then.status }).toEqual({ path, status: captured[i][path].status });
        expect(withoutClock(then.body)).toEqual(withoutClock(captured[i][path].body));
        if (then.status === 200) expect(then.body.asOf).toBe(asOf);
      }
    });

    it('rebuilds every view from zero to the same answers', async () => {
      const before = await capture();
      await api.runtime.projector.rebuild();
      const after = await capture();
      for (const path of VIEWS)
        expect(withoutClock(after[path].body)).toEqual(withoutClock(before[path].body));
      expect(withoutClock(after['/views/loyalty/summary'].body)).toEqual(
        withoutClock(captured[2]['/views/loyalty/summary'].body),
      );
    });

    it('refuses a malformed asOf', async () => {
      const res = await get('/views/retention/summary?asOf=yesterday');
      expect(res.status).toBe(400);
      expect(res.body.issues[0].path).toEqual(['asOf']);
    });
  });
});
