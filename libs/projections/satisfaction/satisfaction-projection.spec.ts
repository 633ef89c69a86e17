import { ConfigError, loadConfig } from '../../config/config';
import { DEFAULT_SATISFACTION_THRESHOLDS } from '../../domain/policies/satisfaction';
import { EventLog, projectEvents } from '../customer/testing';
import { satisfactionProjection } from './satisfaction-projection';
import { satisfactionFilterSchema, satisfactionSummary } from './satisfaction-queries';
import { satisfactionComplaintsView, satisfactionScoresView } from './satisfaction-row';

const projection = satisfactionProjection({ timeZone: 'UTC' });
const ms = (iso: string): number => Date.parse(iso);
const NOW = ms('2026-01-01T00:00:00Z');

const raised = (
  log: EventLog,
  at: string,
  complaintId: string,
  channel: string,
  category: string,
  formal = true,
) => log.add('ComplaintRaised', at, { complaintId, customerId: 'K-1', channel, category, formal });
const scored = (log: EventLog, at: string, kind: 'csat' | 'nps', score: number, complaintId?: string) =>
  log.add('SatisfactionRecorded', at, {
    customerId: 'K-1',
    kind,
    score,
    ...(complaintId ? { complaintId } : {}),
  });

describe('satisfaction projection: score rows', () => {
  it('given a score on a raised complaint, then a row joined with its channel and category', async () => {
    const log = new EventLog();
    raised(log, '2025-03-01T09:00:00Z', 'C-1', 'phone', 'delivery');
    scored(log, '2025-03-02T09:00:00Z', 'csat', 4, 'C-1');
    const views = await projectEvents(projection, log.events);
    expect(await views.query(satisfactionScoresView)).toEqual([
      {
        scoreId: 'ev-2',
        customerId: 'K-1',
        kind: 'csat',
        score: 4,
        at: ms('2025-03-02T09:00:00Z'),
        month: '2025-03',
        complaintId: 'C-1',
        channel: 'phone',
        category: 'delivery',
      },
    ]);
  });

  it('given a score before its complaint is raised, then the join is filled in when the raise arrives', async () => {
    const log = new EventLog();
    scored(log, '2025-03-02T09:00:00Z', 'nps', 9, 'C-1');
    const before = await projectEvents(projection, log.events);
    expect((await before.load(satisfactionScoresView, 'ev-1'))?.channel).toBeNull();
    expect(await before.load(satisfactionComplaintsView, 'C-1')).toEqual({
      complaintId: 'C-1',
      raised: false,
      waitingScoreIds: ['ev-1'],
    });

    raised(log, '2025-03-01T09:00:00Z', 'C-1', 'chat', 'billing');
    for (const batchSize of [1, 2]) {
      const after = await projectEvents(projection, log.events, batchSize);
      expect(await after.load(satisfactionScoresView, 'ev-1')).toMatchObject({
        channel: 'chat',
        category: 'billing',
      });
    }
  });

  it('gives the month in the configured time zone', async () => {
    const log = new EventLog();
    scored(log, '2025-01-31T23:30:00Z', 'csat', 5);
    const berlin = await projectEvents(satisfactionProjection({ timeZone: 'Europe/Berlin' }), log.events);
    expect((await berlin.load(satisfactionScoresView, 'ev-1'))?.month).toBe('2025-02');
    const utc = await projectEvents(projection, log.events);
    expect((await utc.load(satisfactionScoresView, 'ev-1'))?.month).toBe('2025-01');
  });
});

describe('satisfaction summary', () => {
  const history = () => {
    const log = new EventLog();
    raised(log, '2025-01-10T09:00:00Z', 'C-1', 'email', 'billing');
    raised(log, '2025-01-20T09:00:00Z', 'C-2', 'phone', 'billing');
    raised(log, '2025-02-05T09:00:00Z', 'C-3', 'email', 'delivery');
    raised(log, '2025-02-06T09:00:00Z', 'C-4', 'chat', 'delivery', false);
    // CSAT 2, 3, 4 and NPS 6, 7, 8, 9: the edge scores.
    scored(log, '2025-01-11T09:00:00Z', 'csat', 2, 'C-1');
    scored(log, '2025-01-21T09:00:00Z', 'csat', 3, 'C-2');
    scored(log, '2025-02-06T09:00:00Z', 'csat', 4, 'C-3');
    scored(log, '2025-02-07T09:00:00Z', 'nps', 6, 'C-4');
    scored(log, '2025-02-08T09:00:00Z', 'nps', 7);
    scored(log, '2025-02-09T09:00:00Z', 'nps', 8);
    scored(log, '2025-02-10T09:00:00Z', 'nps', 9, 'C-1');
    return log;
  };
  const none = { responses: 0, average: null, satisfiedPct: null };
  const noNps = { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null };

  it('gives CSAT (average, % satisfied), NPS (%), attitudes and the iceberg of formal complaints', async () => {
    const views = await projectEvents(projection, history().events);
    const summary = await satisfactionSummary(views, {}, NOW);
    expect(summary.csat).toEqual({ responses: 3, average: 3, satisfiedPct: 33.3 });
    expect(summary.nps).toEqual({ responses: 4, promoters: 1, passives: 2, detractors: 1, score: 0 });
    expect(summary.attitude).toEqual({ dissatisfied: 2, satisfied: 4, delighted: 1 });
    expect(summary.iceberg).toEqual({ formal: 3, voicedElsewhere: 21, silent: 36, estimatedUnhappy: 60 });
    expect(summary.asOf).toBe('2026-01-01T00:00:00.000Z');
  });

  it('breaks down by month, channel and category (scores without a complaint under null)', async () => {
    const views = await projectEvents(projection, history().events);
    const summary = await satisfactionSummary(views, {}, NOW);
    expect(summary.byMonth).toEqual([
      {
        month: '2025-01',
        csat: { responses: 2, average: 2.5, satisfiedPct: 0 },
        nps: noNps,
        attitude: { dissatisfied: 1, satisfied: 1, delighted: 0 },
        formalComplaints: 2,
      },
      {
        month: '2025-02',
        csat: { responses: 1, average: 4, satisfiedPct: 100 },
        nps: { responses: 4, promoters: 1, passives: 2, detractors: 1, score: 0 },
        attitude: { dissatisfied: 1, satisfied: 3, delighted: 1 },
        formalComplaints: 1,
      },
    ]);
    expect(
      summary.byChannel.map((g) => [g.channel, g.csat.responses, g.nps.responses, g.formalComplaints]),
    ).toEqual([
      ['chat', 0, 1, 0],
      ['email', 2, 1, 2],
      ['phone', 1, 0, 1],
      [null, 0, 2, 0],
    ]);
    expect(
      summary.byCategory.map((g) => [g.category, g.csat.average, g.nps.score, g.formalComplaints]),
    ).toEqual([
      ['billing', 2.5, 100, 2],
      ['delivery', 4, -100, 1],
      [null, null, 0, 0],
    ]);
    expect(summary.byChannel[0]).toEqual({
      channel: 'chat',
      csat: none,
      nps: { responses: 1, promoters: 0, passives: 0, detractors: 1, score: -100 },
      attitude: { dissatisfied: 1, satisfied: 0, delighted: 0 },
      formalComplaints: 0,
    });
  });

  it('limits scores and complaints to from/to', async () => {
    const views = await projectEvents(projection, history().events);
    const filter = satisfactionFilterSchema.parse({
      from: '2025-02-01T00:00:00Z',
      to: '2025-02-09T09:00:00Z',
    });
    const summary = await satisfactionSummary(views, filter, NOW);
    expect(summary.csat.responses).toBe(1);
    expect(summary.nps.responses).toBe(2);
    expect(summary.iceberg.formal).toBe(1);
    expect(summary.byMonth.map((g) => g.month)).toEqual(['2025-02']);
  });

  it('estimates the iceberg with configured ratios (TENFOLD_ICEBERG_RATIOS)', async () => {
    const views = await projectEvents(projection, history().events);
    const { icebergRatios } = loadConfig({ TENFOLD_ICEBERG_RATIOS: '0.1, 0.3, 0.6' });
    const summary = await satisfactionSummary(views, {}, NOW, {
      icebergRatios,
      thresholds: DEFAULT_SATISFACTION_THRESHOLDS,
    });
    expect(summary.iceberg).toEqual({ formal: 3, voicedElsewhere: 9, silent: 18, estimatedUnhappy: 30 });
  });

  it('gives zeros and nulls without data', async () => {
    const views = await projectEvents(projection, []);
    expect(await satisfactionSummary(views, {}, NOW)).toEqual({
      csat: none,
      nps: noNps,
      attitude: { dissatisfied: 0, satisfied: 0, delighted: 0 },
      iceberg: { formal: 0, voicedElsewhere: 0, silent: 0, estimatedUnhappy: 0 },
      byMonth: [],
      byChannel: [],
      byCategory: [],
      asOf: '2026-01-01T00:00:00.000Z',
    });
  });
});

describe('TENFOLD_ICEBERG_RATIOS', () => {
  it('defaults to 5 / 35 / 60', () => {
    expect(loadConfig({}).icebergRatios).toEqual({ formal: 0.05, voicedElsewhere: 0.35, silent: 0.6 });
  });

  it.each(['0.05,0.35', '0.1,0.3,0.7', '0,0.4,0.6', 'a,b,c', '0.05,0.35,0.6,0'])('refuses %p', (value) => {
    expect(() => loadConfig({ TENFOLD_ICEBERG_RATIOS: value })).toThrow(ConfigError);
  });
});
