import { MemoryViewStore } from '../memory/memory-view-store';
import type { SlaRow } from './sla-row';
import { slaComplaintsView } from './sla-row';
import { slaTimelineSchema } from './sla-schemas';
import { bucketRows, bucketStart, slaTimeline } from './sla-timeline';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

const row = (id: string, raised: string, resolved: string | null): SlaRow => {
  const raisedAt = at(raised);
  const day = raised.slice(0, 10);
  const tier10From = at(`${day}T00:00:00Z`) + 24 * HOUR;
  const resolvedAt = resolved === null ? null : at(resolved);
  const resolvedTier =
    resolvedAt === null ? null : resolvedAt < tier10From ? 1 : resolvedAt < tier10From + 24 * HOUR ? 10 : 100;
  return {
    complaintId: id,
    customerId: 'K-1',
    channel: 'email',
    category: 'billing',
    severity: 'normal',
    formal: true,
    summary: '',
    keyAccount: false,
    status: resolvedAt === null ? 'open' : 'resolved',
    raisedAt,
    raisedDate: day,
    tier10From,
    tier100From: tier10From + 24 * HOUR,
    acknowledgeBy: raisedAt + HOUR,
    resolveBy: raisedAt + 48 * HOUR,
    acknowledgedAt: null,
    firstResponseAt: resolvedAt,
    resolvedAt,
    withdrawnAt: null,
    resolvedTier,
    assignee: null,
    team: null,
    escalations: 0,
    escalationLevel: 0,
    reopenCount: 0,
    compensation: [],
    lastEventAt: resolvedAt ?? raisedAt,
  };
};

describe('SLA timeline (cost units per day or week)', () => {
  it('starts weeks on Monday (ISO)', () => {
    expect(bucketStart('2026-03-04', 'week')).toBe('2026-03-02'); // Wednesday → Monday
    expect(bucketStart('2026-03-02', 'week')).toBe('2026-03-02');
    expect(bucketStart('2026-03-08', 'week')).toBe('2026-03-02'); // Sunday ends the week
    expect(bucketStart('2026-03-09', 'week')).toBe('2026-03-09');
    expect(bucketStart('2026-03-04', 'day')).toBe('2026-03-04');
  });

  it('keeps empty days between the first and the last raise, so the chart shows gaps', () => {
    const buckets = bucketRows(
      [row('C-1', '2026-03-01T09:00:00Z', null), row('C-2', '2026-03-04T09:00:00Z', null)],
      'day',
    );
    expect(buckets.map((b) => [b.start, b.rows.length])).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 0],
      ['2026-03-03', 0],
      ['2026-03-04', 1],
    ]);
    expect(bucketRows([], 'week')).toEqual([]);
  });

  it('summarises each bucket like the SLA summary: tiers, cost, same-day share', async () => {
    const views = new MemoryViewStore();
    await views.ensureViews([slaComplaintsView]);
    const rows = [
      row('C-1', '2026-03-02T09:00:00Z', '2026-03-02T15:00:00Z'), // tier 1
      row('C-2', '2026-03-03T09:00:00Z', '2026-03-04T10:00:00Z'), // tier 10
      row('C-3', '2026-03-10T09:00:00Z', '2026-03-20T09:00:00Z'), // tier 100, next week
    ];
    await views.commit(
      'sla',
      rows.map((r) => ({ view: slaComplaintsView, key: r.complaintId, row: r })),
      3,
    );
    const timeline = await slaTimeline(views, {}, 'week', at('2026-03-25T00:00:00Z'), {
      unitCost: 2,
      timeZone: 'UTC',
    });
    expect(slaTimelineSchema.parse(timeline)).toEqual(timeline);
    expect(
      timeline.items.map((i) => ({
        start: i.start,
        resolved: i.resolved,
        cost: i.costUnits.total,
        sameDay: i.sameDayShare,
      })),
    ).toEqual([
      { start: '2026-03-02', resolved: { tier1: 1, tier10: 1, tier100: 0 }, cost: 22, sameDay: 0.5 },
      { start: '2026-03-09', resolved: { tier1: 0, tier10: 0, tier100: 1 }, cost: 200, sameDay: 0 },
    ]);
    const filtered = await slaTimeline(
      views,
      { from: at('2026-03-09T00:00:00Z') },
      'day',
      at('2026-03-25T00:00:00Z'),
      { unitCost: 1, timeZone: 'UTC' },
    );
    expect(filtered.items.map((i) => i.start)).toEqual(['2026-03-10']);
  });
});
