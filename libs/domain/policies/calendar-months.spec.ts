import { addMonths, addMonthsWithDate } from './calendar-months';

const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so a failure reproduces. */
const random = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

describe('addMonths', () => {
  it('gives the Date-based answer for random instants and shifts', () => {
    const next = random(42);
    const from = Date.UTC(1600, 0, 1);
    const to = Date.UTC(2400, 0, 1);
    for (let i = 0; i < 200_000; i++) {
      const at = from + Math.floor(next() * (to - from));
      const months = Math.floor(next() * 601) - 300;
      expect(addMonths(at, months)).toBe(addMonthsWithDate(at, months));
    }
  });

  it('gives the Date-based answer around every month end (clamping) and leap day, 1896–2404', () => {
    const shifts = [-49, -25, -24, -13, -12, -11, -1, 0, 1, 2, 11, 12, 13, 23, 24, 25, 48];
    for (let year = 1896; year <= 2404; year++) {
      for (let month = 0; month < 12; month++) {
        const monthEnd = Date.UTC(year, month + 1, 1);
        for (const offset of [-3 * DAY, -2 * DAY - 1, -DAY, -1, 0, 1, DAY - 1, 12_345_678]) {
          const at = monthEnd + offset;
          for (const months of shifts) expect(addMonths(at, months)).toBe(addMonthsWithDate(at, months));
        }
      }
    }
  });

  it('clamps to the last day of the target month', () => {
    expect(new Date(addMonths(Date.parse('2024-01-31T10:00:00.000Z'), 1)).toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(new Date(addMonths(Date.parse('2023-03-31T23:59:59.999Z'), -1)).toISOString()).toBe('2023-02-28T23:59:59.999Z');
    expect(new Date(addMonths(Date.parse('2024-02-29T00:00:00.000Z'), 12)).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });

  it('falls back to the Date-based form outside its range (early years, fractions, non-finite)', () => {
    for (const [at, months] of [
      [-62_000_000_000_000, 12],
      [Date.UTC(9500, 5, 30, 1), -3],
      [Date.parse('2024-01-31T00:00:00.000Z') + 0.5, 1],
      [Date.parse('2024-01-31T00:00:00.000Z'), 1.5],
      [Number.NaN, 12],
      [Date.parse('2024-01-31T00:00:00.000Z'), 100_000],
    ] as Array<[number, number]>) {
      expect(Object.is(addMonths(at, months), addMonthsWithDate(at, months))).toBe(true);
    }
  });
});
