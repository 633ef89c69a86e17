import { complaintCost, costTier, tierBoundaries } from './cost-tier';

const ms = (iso: string) => Date.parse(iso);
const UTC = { timeZone: 'UTC' };

describe('cost tier (1:10:100)', () => {
  it('is 1 when resolved on the day it was raised', () => {
    expect(costTier(ms('2026-03-01T00:00:00Z'), ms('2026-03-01T23:59:59.999Z'), UTC)).toBe(1);
  });

  it('is 10 for a 23:59 raise resolved at 00:01 the next day', () => {
    expect(costTier(ms('2026-03-01T23:59:00Z'), ms('2026-03-02T00:01:00Z'), UTC)).toBe(10);
  });

  it('is 100 from the second calendar day on', () => {
    expect(costTier(ms('2026-03-01T09:00:00Z'), ms('2026-03-02T23:59:59Z'), UTC)).toBe(10);
    expect(costTier(ms('2026-03-01T09:00:00Z'), ms('2026-03-03T00:00:00Z'), UTC)).toBe(100);
  });

  it('changes with the time zone for the same instants', () => {
    const raised = ms('2026-03-01T22:00:00Z');
    const resolved = ms('2026-03-01T23:30:00Z');
    expect(costTier(raised, resolved, UTC)).toBe(1);
    // In Berlin (UTC+1) the raise is 23:00 on 1 March and the resolution 00:30 on 2 March.
    expect(costTier(raised, resolved, { timeZone: 'Europe/Berlin' })).toBe(10);
    // In New York (UTC-5) both are on 1 March.
    expect(costTier(raised, resolved, { timeZone: 'America/New_York' })).toBe(1);
  });

  it('counts calendar days across a DST change', () => {
    // Europe/Berlin springs forward on 29 March 2026: that day has 23 hours.
    const b = tierBoundaries(ms('2026-03-28T12:00:00Z'), { timeZone: 'Europe/Berlin' });
    expect(new Date(b.tier10From).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(b.tier100From).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('voids an earlier resolution on reopen: resolved days later is tier 100', () => {
    const raisedAt = ms('2026-03-01T09:00:00Z');
    // The first resolution (same day) was voided by the reopen; the final one counts.
    expect(complaintCost({ status: 'resolved', raisedAt, resolvedAt: ms('2026-03-05T09:00:00Z') }, ms('2026-11-01T00:00:00Z'), { ...UTC, unitCost: 1 })).toEqual({
      tier: 100,
      cost: 100,
    });
  });

  it('costs nothing when withdrawn', () => {
    expect(complaintCost({ status: 'withdrawn', raisedAt: ms('2026-03-01T09:00:00Z') }, ms('2026-06-01T00:00:00Z'), { ...UTC, unitCost: 7 })).toEqual({
      tier: null,
      cost: 0,
    });
  });

  it('moves an open complaint up the tiers as "now" passes', () => {
    const open = { status: 'open' as const, raisedAt: ms('2026-03-01T09:00:00Z') };
    const options = { ...UTC, unitCost: 2.5 };
    expect(complaintCost(open, ms('2026-03-01T23:59:59Z'), options)).toEqual({ tier: 1, cost: 2.5 });
    expect(complaintCost(open, ms('2026-03-02T00:00:00Z'), options)).toEqual({ tier: 10, cost: 25 });
    expect(complaintCost(open, ms('2026-03-03T00:00:00Z'), options)).toEqual({ tier: 100, cost: 250 });
  });

  it('makes "next day" the next working day under a business calendar', () => {
    const calendar = { workingDays: [1, 2, 3, 4, 5], holidays: ['2026-03-09'] };
    // Friday 6 March 2026 → next working day is Tuesday 10 March (Monday 9th is a holiday).
    const friday = ms('2026-03-06T15:00:00Z');
    expect(costTier(friday, ms('2026-03-09T12:00:00Z'), { timeZone: 'UTC', calendar })).toBe(10);
    expect(costTier(friday, ms('2026-03-10T23:00:00Z'), { timeZone: 'UTC', calendar })).toBe(10);
    expect(costTier(friday, ms('2026-03-11T00:00:00Z'), { timeZone: 'UTC', calendar })).toBe(100);
    expect(costTier(friday, ms('2026-03-08T12:00:00Z'), UTC)).toBe(100);
  });
});
