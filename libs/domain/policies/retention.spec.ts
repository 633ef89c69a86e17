import { tierBoundaries } from './cost-tier';
import {
  complaintTierAt,
  referralConversionRate,
  worstComplaintTier,
  type TieredComplaint,
} from './retention';

const ms = (iso: string): number => Date.parse(iso);

describe('referralConversionRate', () => {
  it.each([
    [0, 0, 0],
    [4, 0, 0],
    [4, 1, 0.25],
    [3, 2, 0.6667],
    [5, 5, 1],
  ])('%p made, %p converted → %p', (made, converted, rate) => {
    expect(referralConversionRate(made, converted)).toBe(rate);
  });

  it.each([
    [-1, 0],
    [2, 3],
    [2, 0.5],
  ])('refuses %p made with %p converted', (made, converted) => {
    expect(() => referralConversionRate(made, converted)).toThrow(RangeError);
  });
});

describe('complaintTierAt and worstComplaintTier', () => {
  const raised = (at: string, rest: Partial<TieredComplaint> = {}): TieredComplaint => ({
    ...tierBoundaries(ms(at), { timeZone: 'UTC' }),
    status: 'open',
    resolvedAt: null,
    ...rest,
  });
  const NOW = ms('2026-03-10T12:00:00Z');

  it('gives a resolved complaint the tier of its resolution, whatever now is', () => {
    const sameDay = raised('2026-03-01T09:00:00Z', {
      status: 'resolved',
      resolvedAt: ms('2026-03-01T17:00:00Z'),
    });
    const nextDay = raised('2026-03-01T09:00:00Z', {
      status: 'resolved',
      resolvedAt: ms('2026-03-02T17:00:00Z'),
    });
    expect(complaintTierAt(sameDay, NOW)).toBe(1);
    expect(complaintTierAt(nextDay, NOW)).toBe(10);
  });

  it('lets an open complaint accrue with now, and gives a withdrawn one no tier', () => {
    const open = raised('2026-03-10T09:00:00Z');
    expect(complaintTierAt(open, NOW)).toBe(1);
    expect(complaintTierAt(open, ms('2026-03-11T00:00:00Z'))).toBe(10);
    expect(complaintTierAt(open, ms('2026-03-12T00:00:00Z'))).toBe(100);
    expect(complaintTierAt(raised('2026-03-01T09:00:00Z', { status: 'withdrawn' }), NOW)).toBeNull();
  });

  it('takes the worst costed tier, null when none is costed', () => {
    const sameDay = raised('2026-03-10T09:00:00Z', {
      status: 'resolved',
      resolvedAt: ms('2026-03-10T10:00:00Z'),
    });
    const openOld = raised('2026-03-01T09:00:00Z');
    const withdrawn = raised('2026-03-01T09:00:00Z', { status: 'withdrawn' });
    expect(worstComplaintTier([], NOW)).toBeNull();
    expect(worstComplaintTier([withdrawn], NOW)).toBeNull();
    expect(worstComplaintTier([sameDay, withdrawn], NOW)).toBe(1);
    expect(worstComplaintTier([sameDay, openOld], NOW)).toBe(100);
  });
});
