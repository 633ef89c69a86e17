import { churnRate, complaintChurnComparison, type ChurnRow } from './churn';

describe('churnRate', () => {
  it('is 0 without customers', () => {
    expect(churnRate(0, 0)).toBe(0);
  });

  it.each([
    [10, 0, 0],
    [10, 1, 0.1],
    [10, 10, 1],
    [3, 1, 0.3333],
    [3, 2, 0.6667],
    [20_000, 1, 0.0001],
    [40_000, 1, 0],
    [40_000, 2, 0.0001],
  ])('%p customers with %p churned → %p', (customers, churned, rate) => {
    expect(churnRate(customers, churned)).toBe(rate);
  });

  it.each([
    [-1, 0],
    [1.5, 1],
    [5, -1],
    [5, 6],
    [5, 0.5],
  ])('refuses %p customers with %p churned', (customers, churned) => {
    expect(() => churnRate(customers, churned)).toThrow(RangeError);
  });
});

describe('complaintChurnComparison', () => {
  const row = (complained: boolean, churned: boolean, worstTier: ChurnRow['worstTier'] = null): ChurnRow => ({
    complained,
    churned,
    worstTier,
  });
  const empty = { customers: 0, churned: 0, rate: 0 };

  it('given no customers, then every group is empty', () => {
    expect(complaintChurnComparison([])).toEqual({
      complained: empty,
      notComplained: empty,
      byTier: { tier1: empty, tier10: empty, tier100: empty },
    });
  });

  it('given complainers by worst tier and quiet customers, then churn per group', () => {
    const rows = [
      row(true, false, 1),
      row(true, false, 1),
      row(true, false, 1),
      row(true, true, 10),
      row(true, false, 10),
      row(true, true, 100),
      row(true, true, 100),
      row(true, false, 100),
      row(false, false),
      row(false, false),
      row(false, false),
      row(false, true),
    ];
    expect(complaintChurnComparison(rows)).toEqual({
      complained: { customers: 8, churned: 3, rate: 0.375 },
      notComplained: { customers: 4, churned: 1, rate: 0.25 },
      byTier: {
        tier1: { customers: 3, churned: 0, rate: 0 },
        tier10: { customers: 2, churned: 1, rate: 0.5 },
        tier100: { customers: 3, churned: 2, rate: 0.6667 },
      },
    });
  });

  it('given a complainer without a costed tier (all withdrawn), then counted as a complainer in no tier', () => {
    const result = complaintChurnComparison([row(true, true, null)]);
    expect(result.complained).toEqual({ customers: 1, churned: 1, rate: 1 });
    expect(result.byTier).toEqual({ tier1: empty, tier10: empty, tier100: empty });
  });

  it('given a non-complainer with a tier, then the tier is ignored', () => {
    const result = complaintChurnComparison([row(false, true, 100)]);
    expect(result.notComplained).toEqual({ customers: 1, churned: 1, rate: 1 });
    expect(result.byTier.tier100).toEqual(empty);
  });
});
