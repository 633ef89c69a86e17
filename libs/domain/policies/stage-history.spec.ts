import type { CustomerFacts } from './loyalty-stage';
import { countStageTransitions, stageChangesBetween } from './stage-history';

const ms = (iso: string): number => Date.parse(iso);
const DAY_MS = 86_400_000;
const iso = (changes: Array<{ at: number; stage: string }>) =>
  changes.map((c) => [new Date(c.at).toISOString(), c.stage]);

const facts = (overrides: Partial<CustomerFacts> = {}): CustomerFacts => ({
  purchases: [],
  partnership: 'none',
  marriedSince: null,
  keyAccount: false,
  convertedReferrals: 0,
  referralsMade: 0,
  churned: false,
  scores: [],
  complaints: [],
  ...overrides,
});

const monthly = (count: number, first: string) =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(ms(first));
    d.setUTCMonth(d.getUTCMonth() + i);
    return { at: d.getTime(), amount: 10 };
  });

describe('stageChangesBetween', () => {
  it('given no facts, then nothing changes', () => {
    expect(stageChangesBetween(facts(), 0, ms('2030-01-01'))).toEqual([]);
  });

  it('given an engagement by 5 purchases, then courtship when the oldest leaves the 12-month window', () => {
    const engaged = facts({ purchases: monthly(5, '2025-01-10T09:00:00Z') });
    expect(iso(stageChangesBetween(engaged, ms('2025-05-10T09:00:00Z'), ms('2027-01-01')))).toEqual([
      ['2026-01-10T09:00:00.000Z', 'courtship'],
    ]);
  });

  it('includes a change exactly at `to` and excludes one at `from`', () => {
    const engaged = facts({ purchases: monthly(5, '2025-01-10T09:00:00Z') });
    const change = ms('2026-01-10T09:00:00Z');
    expect(stageChangesBetween(engaged, ms('2025-06-01'), change)).toHaveLength(1);
    expect(stageChangesBetween(engaged, change, ms('2027-01-01'))).toEqual([]);
    expect(stageChangesBetween(engaged, ms('2025-06-01'), change - 1)).toEqual([]);
  });

  it('given a marriage, then lifelong on its 2nd anniversary', () => {
    const married = facts({ partnership: 'married', marriedSince: ms('2024-06-01T09:00:00Z') });
    expect(iso(stageChangesBetween(married, ms('2024-06-01T09:00:00Z'), ms('2030-01-01')))).toEqual([
      ['2026-06-01T09:00:00.000Z', 'lifelong'],
    ]);
  });

  it('skips instants where only the level or the at-risk reasons change', () => {
    const courting = facts({
      purchases: monthly(2, '2025-01-10T09:00:00Z'),
      scores: [{ kind: 'nps', score: 2, at: ms('2025-03-01T09:00:00Z') }],
    });
    expect(stageChangesBetween(courting, ms('2025-02-10T09:00:00Z'), ms('2030-01-01'))).toEqual([]);
  });

  it('given a churned customer, then time changes nothing', () => {
    const churned = facts({ churned: true, purchases: monthly(5, '2025-01-10T09:00:00Z') });
    expect(stageChangesBetween(churned, ms('2025-06-01'), ms('2030-01-01'))).toEqual([]);
  });

  it('given engaged by purchases and married later, then each time-driven step in order', () => {
    const both = facts({
      purchases: monthly(5, '2025-01-10T09:00:00Z'),
      keyAccount: true,
      convertedReferrals: 1,
      marriedSince: ms('2025-03-01T09:00:00Z'),
    });
    // Married holds from the facts already; only the anniversary moves it.
    expect(iso(stageChangesBetween(both, ms('2025-06-01'), ms('2028-01-01')))).toEqual([
      ['2027-03-01T09:00:00.000Z', 'lifelong'],
    ]);
  });
});

describe('stageChangesBetween on generated facts', () => {
  // Seeded LCG: the same facts on every run.
  let seed = 12345;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const start = ms('2023-01-01T00:00:00Z');

  it('gives the same changes whether or not the shortcut for past-only facts applies, and splits cleanly', () => {
    let changed = 0;
    for (let i = 0; i < 300; i++) {
      const purchases = Array.from({ length: Math.floor(random() * 9) }, () => ({
        at: start + Math.floor(random() * 900) * DAY_MS,
        amount: 1,
      }));
      const married = random() < 0.3;
      const f = facts({
        purchases,
        partnership: married ? 'married' : random() < 0.2 ? 'engaged' : 'none',
        marriedSince: married ? start + Math.floor(random() * 900) * DAY_MS : null,
        churned: random() < 0.1,
      });
      const from = start + 900 * DAY_MS;
      const to = from + Math.floor(random() * 1200) * DAY_MS;
      // A score dated after `to` changes no stage but disables the shortcut.
      const slow = { ...f, scores: [{ kind: 'nps' as const, score: 9, at: to + DAY_MS }] };
      const changes = stageChangesBetween(f, from, to);
      expect(changes).toEqual(stageChangesBetween(slow, from, to));
      const mid = from + Math.floor((to - from) * random());
      expect([...stageChangesBetween(f, from, mid), ...stageChangesBetween(f, mid, to)]).toEqual(changes);
      expect(changes.length).toBeLessThanOrEqual(1);
      changed += changes.length;
    }
    expect(changed).toBeGreaterThan(30);
  });
});

describe('countStageTransitions', () => {
  it('counts consecutive pairs across histories, in stage order', () => {
    const h = (...stages: string[]) => stages.map((stage) => ({ stage })) as Array<{ stage: never }>;
    expect(
      countStageTransitions([
        h('encounter', 'courtship', 'engaged', 'courtship'),
        h('encounter', 'courtship', 'churned', 'courtship'),
        h('encounter'),
        h(),
      ]),
    ).toEqual([
      { from: 'encounter', to: 'courtship', count: 2 },
      { from: 'courtship', to: 'engaged', count: 1 },
      { from: 'courtship', to: 'churned', count: 1 },
      { from: 'engaged', to: 'courtship', count: 1 },
      { from: 'churned', to: 'courtship', count: 1 },
    ]);
  });
});
