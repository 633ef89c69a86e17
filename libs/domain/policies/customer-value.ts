/**
 * Customer value concentration (DESIGN §1): roughly 20% of customers bring 80% of the value.
 * `paretoShare` measures how much of the total the top fraction of customers actually holds; those
 * customers are the key customers that get differentiated service.
 */

export interface CustomerValue {
  customerId: string;
  /** Value attributed to the customer (≥ 0), e.g. revenue or benefits − costs floored at 0. */
  value: number;
}

export interface RankedCustomerValue extends CustomerValue {
  /** Fraction 0..1 of the total value, four decimals. */
  share: number;
}

export interface ParetoShare {
  /** Fraction 0..1 of the total value held by the top customers, four decimals (0 without value). */
  topShare: number;
  /** The top ceil(n · topFraction) customers, by value descending, ties by customerId ascending. */
  topCustomers: RankedCustomerValue[];
  /** Distinct customers. */
  customers: number;
  totalValue: number;
}

export const DEFAULT_TOP_FRACTION = 0.2;

const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(Number((value * factor).toPrecision(15))) / factor;
};

// Slack so that 15 × 0.2 = 3.0000000000000004 yields 3 top customers, not 4.
const COUNT_EPSILON = 1e-9;

/** Share of total value held by the top `topFraction` of customers (rows of one customer are summed). */
export const paretoShare = (
  values: readonly CustomerValue[],
  topFraction: number = DEFAULT_TOP_FRACTION,
): ParetoShare => {
  if (!Number.isFinite(topFraction) || topFraction <= 0 || topFraction > 1) {
    throw new RangeError(`topFraction must be in (0, 1], got ${topFraction}`);
  }
  const byCustomer = new Map<string, number>();
  for (const { customerId, value } of values) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Customer value must be a finite number ≥ 0, got ${value} for ${customerId}`);
    }
    byCustomer.set(customerId, (byCustomer.get(customerId) ?? 0) + value);
  }

  const ranked = [...byCustomer].sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0));
  const totalValue = ranked.reduce((sum, [, value]) => sum + value, 0);
  const topCount = Math.ceil(ranked.length * topFraction - COUNT_EPSILON);
  const shareOf = (value: number): number => (totalValue === 0 ? 0 : value / totalValue);
  const top = ranked.slice(0, topCount);
  return {
    topShare: roundTo(shareOf(top.reduce((sum, [, value]) => sum + value, 0)), 4),
    topCustomers: top.map(([customerId, value]) => ({
      customerId,
      value,
      share: roundTo(shareOf(value), 4),
    })),
    customers: ranked.length,
    totalValue,
  };
};
