import { EventLog, projectEvents } from '../customer/testing';
import { loyaltyProjection } from './loyalty-projection';
import { loyaltyCustomers, loyaltySummary, loyaltyListSchema } from './loyalty-queries';
import { loyaltyCustomersView, type StageHistoryEntry } from './loyalty-row';
import { loyaltyAt, nextLoyaltyChangeAt } from './loyalty-status';

const projection = loyaltyProjection({ timeZone: 'UTC' });
const ms = (iso: string): number => Date.parse(iso);
const iso = (millis: number | null): string | null =>
  millis === null ? null : new Date(millis).toISOString();

const K = 'K-1';
const registered = (log: EventLog, at: string, data: Record<string, unknown> = {}, customerId = K) =>
  log.add('CustomerRegistered', at, { customerId, ...data });
const purchased = (log: EventLog, at: string, customerId = K) =>
  log.add('PurchaseRecorded', at, { customerId, amount: 100, currency: 'EUR' });
const scored = (log: EventLog, at: string, kind: 'csat' | 'nps', score: number, customerId = K) =>
  log.add('SatisfactionRecorded', at, { customerId, kind, score });
const raised = (log: EventLog, at: string, complaintId: string, customerId = K) =>
  log.add('ComplaintRaised', at, { complaintId, customerId, channel: 'email', category: 'billing' });

const steps = (history: StageHistoryEntry[]) => history.map((h) => [h.stage, iso(h.at), h.cause]);

/** Project the log and judge customer `K` at `now`. */
const judge = async (log: EventLog, now: string, customerId = K) => {
  const views = await projectEvents(projection, log.events);
  const row = await views.load(loyaltyCustomersView, customerId);
  if (!row) throw new Error(`no row for ${customerId}`);
  return { row, ...loyaltyAt(row, ms(now)), nextChangeAt: nextLoyaltyChangeAt(row, ms(now)) };
};

describe('loyalty projection: stage boundaries', () => {
  it('given one purchase, then encounter; given the 2nd, then courtship from that purchase', async () => {
    const log = new EventLog();
    registered(log, '2025-01-01T09:00:00Z');
    purchased(log, '2025-02-01T09:00:00Z');
    expect((await judge(log, '2025-02-02T00:00:00Z')).stage).toBe('encounter');

    purchased(log, '2025-03-01T09:00:00Z');
    const at = await judge(log, '2025-03-02T00:00:00Z');
    expect(at.stage).toBe('courtship');
    expect(at.level).toBe('normal');
    expect(at.stageSince).toBe(ms('2025-03-01T09:00:00Z'));
    expect(steps(at.history)).toEqual([
      ['encounter', '2025-01-01T09:00:00.000Z', 'CustomerRegistered'],
      ['courtship', '2025-03-01T09:00:00.000Z', 'PurchaseRecorded'],
    ]);
  });

  describe('the 5th purchase within 12 months', () => {
    const fiveMonthly = () => {
      const log = new EventLog();
      for (const month of ['01', '02', '03', '04', '05']) purchased(log, `2025-${month}-10T09:00:00Z`);
      return log;
    };

    it('given 5 purchases in 12 months, then engaged from the 5th, strong level', async () => {
      const at = await judge(fiveMonthly(), '2025-06-01T00:00:00Z');
      expect(at.stage).toBe('engaged');
      expect(at.level).toBe('strong');
      expect(steps(at.history)).toEqual([
        ['encounter', '2025-01-10T09:00:00.000Z', 'PurchaseRecorded'],
        ['courtship', '2025-02-10T09:00:00.000Z', 'PurchaseRecorded'],
        ['engaged', '2025-05-10T09:00:00.000Z', 'PurchaseRecorded'],
      ]);
      expect(iso(at.nextChangeAt)).toBe('2026-01-10T09:00:00.000Z');
    });

    it('given the oldest purchase ages out, then courtship from that instant, judged at query time', async () => {
      expect((await judge(fiveMonthly(), '2026-01-10T08:59:59.999Z')).stage).toBe('engaged');
      const at = await judge(fiveMonthly(), '2026-02-01T00:00:00Z');
      expect(at.stage).toBe('courtship');
      expect(at.stageSince).toBe(ms('2026-01-10T09:00:00Z'));
      expect(at.history[at.history.length - 1]).toEqual({
        stage: 'courtship',
        from: 'engaged',
        at: ms('2026-01-10T09:00:00Z'),
        cause: 'time',
      });
      // Only the stored facts: the time-driven change is not recorded until an event follows it.
      expect(at.row.history).toHaveLength(3);
    });

    it('given an event after the ageing out, then the time-driven change is recorded in the row', async () => {
      const log = fiveMonthly();
      purchased(log, '2026-03-01T09:00:00Z');
      const at = await judge(log, '2026-03-02T00:00:00Z');
      expect(at.stage).toBe('courtship');
      expect(steps(at.row.history).slice(-2)).toEqual([
        ['engaged', '2025-05-10T09:00:00.000Z', 'PurchaseRecorded'],
        ['courtship', '2026-01-10T09:00:00.000Z', 'time'],
      ]);
      expect(at.row.evaluatedAt).toBe(ms('2026-03-01T09:00:00Z'));
    });
  });

  describe('partnership signed, and two years married', () => {
    const partners = () => {
      const log = new EventLog();
      registered(log, '2024-01-01T09:00:00Z');
      log.add('PartnershipSigned', '2024-02-01T09:00:00Z', { customerId: K, level: 'engaged' });
      log.add('PartnershipSigned', '2024-06-01T09:00:00Z', { customerId: K, level: 'married' });
      return log;
    };

    it('given PartnershipSigned engaged then married, then each stage from its signature', async () => {
      const at = await judge(partners(), '2024-07-01T00:00:00Z');
      expect(at.stage).toBe('married');
      expect(steps(at.history)).toEqual([
        ['encounter', '2024-01-01T09:00:00.000Z', 'CustomerRegistered'],
        ['engaged', '2024-02-01T09:00:00.000Z', 'PartnershipSigned'],
        ['married', '2024-06-01T09:00:00.000Z', 'PartnershipSigned'],
      ]);
      expect(iso(at.nextChangeAt)).toBe('2026-06-01T09:00:00.000Z');
    });

    it('given 2 years minus 1 ms married, then married; given exactly 2 years, then lifelong', async () => {
      expect((await judge(partners(), '2026-06-01T08:59:59.999Z')).stage).toBe('married');
      const at = await judge(partners(), '2026-06-01T09:00:00Z');
      expect(at.stage).toBe('lifelong');
      expect(at.history[at.history.length - 1]).toEqual({
        stage: 'lifelong',
        from: 'married',
        at: ms('2026-06-01T09:00:00Z'),
        cause: 'time',
      });
    });

    it('given a key account whose referral converted, then married from the conversion', async () => {
      const log = new EventLog();
      registered(log, '2025-01-01T09:00:00Z', { keyAccount: true });
      log.add('CustomerReferred', '2025-02-01T09:00:00Z', { customerId: K, referralId: 'R-1' });
      log.add('ReferralConverted', '2025-03-01T09:00:00Z', {
        customerId: K,
        referralId: 'R-1',
        newCustomerId: 'K-2',
      });
      const at = await judge(log, '2025-03-02T00:00:00Z');
      expect(at.stage).toBe('married');
      expect(at.stageSince).toBe(ms('2025-03-01T09:00:00Z'));
      expect((await judge(log, '2027-03-01T09:00:00Z')).stage).toBe('lifelong');
    });
  });

  it('given churn then reactivation, then churned in between and the earned stage again', async () => {
    const log = new EventLog();
    registered(log, '2025-01-01T09:00:00Z');
    purchased(log, '2025-01-02T09:00:00Z');
    purchased(log, '2025-01-03T09:00:00Z');
    log.add('CustomerChurned', '2025-02-01T09:00:00Z', { customerId: K, reason: 'moved to a competitor' });
    const churned = await judge(log, '2025-02-02T00:00:00Z');
    expect([churned.stage, churned.level]).toEqual(['churned', 'none']);

    log.add('CustomerReactivated', '2025-03-01T09:00:00Z', { customerId: K });
    const back = await judge(log, '2025-03-02T00:00:00Z');
    expect(back.stage).toBe('courtship');
    expect(steps(back.history)).toEqual([
      ['encounter', '2025-01-01T09:00:00.000Z', 'CustomerRegistered'],
      ['courtship', '2025-01-03T09:00:00.000Z', 'PurchaseRecorded'],
      ['churned', '2025-02-01T09:00:00.000Z', 'CustomerChurned'],
      ['courtship', '2025-03-01T09:00:00.000Z', 'CustomerReactivated'],
    ]);
  });

  it('given a late event dated before the latest one, then its stage change is dated at the latest instant', async () => {
    const log = new EventLog();
    registered(log, '2025-01-01T09:00:00Z');
    purchased(log, '2025-06-01T09:00:00Z');
    purchased(log, '2025-03-01T09:00:00Z');
    const at = await judge(log, '2025-07-01T00:00:00Z');
    expect(at.stage).toBe('courtship');
    expect(steps(at.history).slice(-1)).toEqual([
      ['courtship', '2025-06-01T09:00:00.000Z', 'PurchaseRecorded'],
    ]);
    expect(at.row.purchases.map((p) => iso(p.at))).toEqual([
      '2025-06-01T09:00:00.000Z',
      '2025-03-01T09:00:00.000Z',
    ]);
  });
});

describe('loyalty projection: at risk', () => {
  const withComplaint = () => {
    const log = new EventLog();
    registered(log, '2025-05-01T08:00:00Z');
    raised(log, '2025-05-01T10:00:00Z', 'C-1');
    return log;
  };

  it('given an open complaint in tier 10, then not at risk; in tier 100, then open_complaint_tier_100', async () => {
    expect((await judge(withComplaint(), '2025-05-02T23:59:59.999Z')).atRiskReasons).toEqual([]);
    const at = await judge(withComplaint(), '2025-05-03T00:00:00Z');
    expect(at.atRiskReasons).toEqual(['open_complaint_tier_100']);
    expect(at.row.complaints).toEqual([
      {
        complaintId: 'C-1',
        raisedAt: ms('2025-05-01T10:00:00Z'),
        tier10From: ms('2025-05-02T00:00:00Z'),
        tier100From: ms('2025-05-03T00:00:00Z'),
        status: 'open',
        resolvedAt: null,
      },
    ]);
  });

  it('given the complaint resolved, then not at risk; reopened, then at risk again; withdrawn, then not', async () => {
    const log = withComplaint();
    log.add('ComplaintResolved', '2025-05-04T10:00:00Z', { complaintId: 'C-1', resolution: 'refund' });
    expect((await judge(log, '2025-05-05T00:00:00Z')).atRiskReasons).toEqual([]);
    log.add('ComplaintReopened', '2025-05-05T10:00:00Z', { complaintId: 'C-1', reason: 'still broken' });
    expect((await judge(log, '2025-05-05T11:00:00Z')).atRiskReasons).toEqual(['open_complaint_tier_100']);
    log.add('ComplaintWithdrawn', '2025-05-06T10:00:00Z', { complaintId: 'C-1', reason: 'gave up' });
    expect((await judge(log, '2025-05-06T11:00:00Z')).atRiskReasons).toEqual([]);
  });

  it.each([
    ['nps', 6, ['detractor_nps']],
    ['nps', 7, []],
    ['csat', 2, ['low_csat']],
    ['csat', 3, []],
  ] as const)('given %s %p in the last 90 days, then at risk for %j', async (kind, score, reasons) => {
    const log = new EventLog();
    scored(log, '2025-05-01T09:00:00Z', kind, score);
    expect((await judge(log, '2025-05-02T00:00:00Z')).atRiskReasons).toEqual(reasons);
    expect((await judge(log, '2025-07-30T09:00:00Z')).atRiskReasons).toEqual([]);
  });

  it('given a complaint before any event of its customer, then the customer is not counted until it has one', async () => {
    const log = new EventLog();
    raised(log, '2025-05-01T10:00:00Z', 'C-9', 'K-9');
    let views = await projectEvents(projection, log.events);
    expect((await views.load(loyaltyCustomersView, 'K-9'))?.known).toBe(false);
    expect((await loyaltySummary(views, {}, ms('2025-06-01T00:00:00Z'))).customers).toBe(0);

    registered(log, '2025-05-20T10:00:00Z', {}, 'K-9');
    views = await projectEvents(projection, log.events);
    const summary = await loyaltySummary(views, {}, ms('2025-06-01T00:00:00Z'));
    expect(summary.customers).toBe(1);
    expect(summary.atRisk).toBe(1);
  });
});

describe('loyalty summary and list', () => {
  const NOW = ms('2025-06-01T00:00:00Z');
  const population = () => {
    const log = new EventLog();
    registered(log, '2025-01-01T09:00:00Z', { segment: 'smb' }, 'A');
    registered(log, '2025-01-01T09:00:00Z', { segment: 'smb' }, 'B');
    purchased(log, '2025-02-01T09:00:00Z', 'B');
    purchased(log, '2025-03-01T09:00:00Z', 'B');
    registered(log, '2025-01-01T09:00:00Z', { segment: 'enterprise', keyAccount: true }, 'C');
    log.add('PartnershipSigned', '2025-02-01T09:00:00Z', { customerId: 'C', level: 'married' });
    log.add('CustomerReferred', '2025-02-02T09:00:00Z', { customerId: 'C', referralId: 'R-1' });
    log.add('ReferralConverted', '2025-02-03T09:00:00Z', {
      customerId: 'C',
      referralId: 'R-1',
      newCustomerId: 'E',
    });
    purchased(log, '2025-01-05T09:00:00Z', 'D');
    purchased(log, '2025-01-06T09:00:00Z', 'D');
    log.add('CustomerChurned', '2025-04-01T09:00:00Z', { customerId: 'D', reason: 'price' });
    scored(log, '2025-05-20T09:00:00Z', 'nps', 3, 'B');
    scored(log, '2025-05-21T09:00:00Z', 'csat', 1, 'B');
    raised(log, '2025-05-01T09:00:00Z', 'C-1', 'A');
    return log;
  };

  it('counts stages, levels, at-risk customers and stage transitions', async () => {
    const views = await projectEvents(projection, population().events);
    expect(await loyaltySummary(views, {}, NOW)).toEqual({
      customers: 4,
      stages: { encounter: 1, courtship: 1, engaged: 0, married: 1, lifelong: 0, churned: 1 },
      levels: { none: 2, normal: 1, strong: 0, committed: 1 },
      atRisk: 2,
      atRiskReasons: { open_complaint_tier_100: 1, detractor_nps: 1, low_csat: 1 },
      transitions: [
        { from: 'encounter', to: 'courtship', count: 2 },
        { from: 'encounter', to: 'married', count: 1 },
        { from: 'courtship', to: 'churned', count: 1 },
      ],
      reached: { encounter: 4, courtship: 2, engaged: 0, married: 1, lifelong: 0, churned: 1 },
      asOf: '2025-06-01T00:00:00.000Z',
    });
  });

  it('filters the summary by segment and key account', async () => {
    const views = await projectEvents(projection, population().events);
    expect((await loyaltySummary(views, { segment: 'smb' }, NOW)).customers).toBe(2);
    expect((await loyaltySummary(views, { keyAccount: true }, NOW)).stages.married).toBe(1);
  });

  it('lists customers with their loyalty, filtered and paged', async () => {
    const views = await projectEvents(projection, population().events);
    const list = (query: Record<string, string>) =>
      loyaltyCustomers(views, loyaltyListSchema.parse(query), NOW);
    expect((await list({})).items.map((i) => i.customerId)).toEqual(['A', 'B', 'C', 'D']);
    expect(await list({ atRisk: 'true', limit: '1' })).toEqual({
      total: 2,
      limit: 1,
      offset: 0,
      items: [
        {
          customerId: 'A',
          name: null,
          segment: 'smb',
          keyAccount: false,
          registered: true,
          stage: 'encounter',
          level: 'none',
          atRisk: true,
          atRiskReasons: ['open_complaint_tier_100'],
          stageSince: '2025-01-01T09:00:00.000Z',
          nextChangeAt: null,
          purchases: 0,
        },
      ],
      asOf: '2025-06-01T00:00:00.000Z',
    });
    expect((await list({ stage: 'churned' })).items.map((i) => i.customerId)).toEqual(['D']);
    expect((await list({ level: 'committed' })).items.map((i) => i.customerId)).toEqual(['C']);
    expect((await list({ reason: 'low_csat' })).items.map((i) => i.customerId)).toEqual(['B']);
    expect(
      (await list({ keyAccount: 'false', segment: 'smb', offset: '1' })).items.map((i) => i.customerId),
    ).toEqual(['B']);
  });
});
