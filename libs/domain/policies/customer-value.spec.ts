import { DEFAULT_TOP_FRACTION, paretoShare } from './customer-value';

const customers = (...values: Array<[string, number]>) =>
  values.map(([customerId, value]) => ({ customerId, value }));

describe('paretoShare', () => {
  it('given no customers, then a zero share and no top customers', () => {
    expect(paretoShare([])).toEqual({ topShare: 0, topCustomers: [], customers: 0, totalValue: 0 });
  });

  it('defaults to the top 20%', () => {
    expect(DEFAULT_TOP_FRACTION).toBe(0.2);
  });

  it('given 10 customers, then the top 2 and their share of the total', () => {
    const values = customers(
      ['c01', 500],
      ['c02', 300],
      ['c03', 40],
      ['c04', 30],
      ['c05', 30],
      ['c06', 30],
      ['c07', 20],
      ['c08', 20],
      ['c09', 20],
      ['c10', 10],
    );
    expect(paretoShare(values)).toEqual({
      topShare: 0.8,
      topCustomers: [
        { customerId: 'c01', value: 500, share: 0.5 },
        { customerId: 'c02', value: 300, share: 0.3 },
      ],
      customers: 10,
      totalValue: 1000,
    });
  });

  it('sorts by value descending whatever the input order', () => {
    const result = paretoShare(customers(['a', 1], ['b', 9], ['c', 5], ['d', 7], ['e', 3]), 0.6);
    expect(result.topCustomers.map((c) => c.customerId)).toEqual(['b', 'd', 'c']);
    expect(result.topShare).toBe(0.84);
  });

  describe('with fewer than 5 customers', () => {
    it('given 1 customer, then that customer holds everything', () => {
      expect(paretoShare(customers(['only', 42]))).toEqual({
        topShare: 1,
        topCustomers: [{ customerId: 'only', value: 42, share: 1 }],
        customers: 1,
        totalValue: 42,
      });
    });

    it('given 3 customers, then ceil(3 × 0.2) = 1 top customer', () => {
      const result = paretoShare(customers(['a', 10], ['b', 20], ['c', 30]));
      expect(result.topCustomers).toEqual([{ customerId: 'c', value: 30, share: 0.5 }]);
      expect(result.topShare).toBe(0.5);
    });

    it('given 4 customers, then shares round to 4 decimals', () => {
      const result = paretoShare(customers(['a', 1], ['b', 1], ['c', 1], ['d', 0]));
      expect(result.topCustomers).toEqual([{ customerId: 'a', value: 1, share: 0.3333 }]);
      expect(result.topShare).toBe(0.3333);
    });
  });

  describe('with ties', () => {
    it('given equal values, then the lower customerId ranks first', () => {
      const result = paretoShare(customers(['zeta', 5], ['alpha', 5], ['mid', 5], ['beta', 5], ['omega', 5]));
      expect(result.topCustomers).toEqual([{ customerId: 'alpha', value: 5, share: 0.2 }]);
    });

    it('given a tie across the cut, then the result does not depend on input order', () => {
      const values = customers(['c', 10], ['a', 50], ['b', 10], ['d', 10], ['e', 10], ['f', 5]);
      const forward = paretoShare(values, 0.3);
      const backward = paretoShare([...values].reverse(), 0.3);
      expect(forward).toEqual(backward);
      expect(forward.topCustomers.map((c) => c.customerId)).toEqual(['a', 'b']);
      expect(forward.topShare).toBe(0.6316);
    });
  });

  it('given 15 customers, then the top 3 (floating-point 15 × 0.2 does not make it 4)', () => {
    const values = Array.from({ length: 15 }, (_, i) => ({
      customerId: `c${String(i).padStart(2, '0')}`,
      value: 15 - i,
    }));
    expect(paretoShare(values).topCustomers).toHaveLength(3);
  });

  it('given several rows of one customer, then they are summed', () => {
    const result = paretoShare(customers(['a', 10], ['b', 25], ['a', 20], ['c', 5], ['d', 0]));
    expect(result.customers).toBe(4);
    expect(result.topCustomers).toEqual([{ customerId: 'a', value: 30, share: 0.5 }]);
  });

  it('given customers without value, then shares are 0 rather than NaN', () => {
    expect(paretoShare(customers(['a', 0], ['b', 0]))).toEqual({
      topShare: 0,
      topCustomers: [{ customerId: 'a', value: 0, share: 0 }],
      customers: 2,
      totalValue: 0,
    });
  });

  it('given a custom fraction of 1, then everyone is a top customer', () => {
    const result = paretoShare(customers(['a', 1], ['b', 3]), 1);
    expect(result.topShare).toBe(1);
    expect(result.topCustomers.map((c) => c.customerId)).toEqual(['b', 'a']);
  });

  it.each([0, -0.1, 1.1, Number.NaN])('refuses a top fraction of %p', (fraction) => {
    expect(() => paretoShare(customers(['a', 1]), fraction)).toThrow(RangeError);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a customer value of %p', (value) => {
    expect(() => paretoShare(customers(['a', value]))).toThrow(/^Customer value must be a finite number ≥ 0/);
  });
});
