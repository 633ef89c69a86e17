import { escalationsDue } from './auto-escalation';

const t = (iso: string) => Date.parse(iso);
const open = { status: 'open' as const, tier10From: t('2026-03-02T00:00:00Z'), resolveBy: t('2026-03-02T09:00:00Z') };
const options = { leadMs: 60 * 60_000, catchUpMs: 24 * 3600_000 };

describe('auto-escalation policy', () => {
  it('given an open complaint, when tier 10 is more than the lead away, then nothing is due', () => {
    expect(escalationsDue(open, t('2026-03-01T22:59:59Z'), options)).toEqual([]);
  });

  it('given an open complaint, when it is within the lead of leaving tier 1, then that escalation is due', () => {
    expect(escalationsDue(open, t('2026-03-01T23:00:00Z'), options)).toEqual([
      { trigger: 'leaving_tier1', deadline: open.tier10From },
    ]);
  });

  it('given a sweep that comes late, when the deadline passed within the catch-up window, then it still acts', () => {
    expect(escalationsDue(open, t('2026-03-02T08:30:00Z'), options).map((d) => d.trigger)).toEqual([
      'leaving_tier1',
      'resolve_target',
    ]);
    expect(escalationsDue(open, t('2026-03-03T00:00:00Z'), options).map((d) => d.trigger)).toEqual(['resolve_target']);
    expect(escalationsDue(open, t('2026-03-04T00:00:00Z'), options)).toEqual([]);
  });

  it('given a resolved or withdrawn complaint, or a policy switched off, then nothing is due', () => {
    expect(escalationsDue({ ...open, status: 'resolved' }, t('2026-03-01T23:30:00Z'), options)).toEqual([]);
    expect(escalationsDue(open, t('2026-03-01T23:30:00Z'), { ...options, leadMs: 0 })).toEqual([]);
  });
});
