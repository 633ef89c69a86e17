import { localDate, nextDay, addDays, startOfLocalDate, type CalendarOptions } from './calendar';

/** The 1:10:100 rule: same day 1, next day 10, later 100. */
export type CostTier = 1 | 10 | 100;

export interface TierBoundaries {
  /** Local date the complaint was raised on. */
  raisedDate: string;
  /** First instant at which the complaint is in tier 10. */
  tier10From: number;
  /** First instant at which the complaint is in tier 100. */
  tier100From: number;
}

// Boundaries depend only on the raise date (and zone and calendar): few distinct values, asked for
// on every raise and resolution, so they are remembered.
const boundaryCache = new Map<string, Omit<TierBoundaries, 'raisedDate'>>();
const calendarKeys = new WeakMap<object, string>();
const calendarKey = (options: CalendarOptions): string => {
  if (!options.calendar) return '';
  let key = calendarKeys.get(options.calendar);
  if (key === undefined) {
    key = JSON.stringify(options.calendar);
    calendarKeys.set(options.calendar, key);
  }
  return key;
};

/** When a complaint raised at `raisedAt` (epoch ms) moves from tier 1 to 10 and from 10 to 100. */
export const tierBoundaries = (raisedAt: number, options: CalendarOptions): TierBoundaries => {
  const raisedDate = localDate(raisedAt, options.timeZone);
  const key = `${options.timeZone}|${calendarKey(options)}|${raisedDate}`;
  let boundaries = boundaryCache.get(key);
  if (!boundaries) {
    const lastTier10Date = nextDay(raisedDate, options.calendar);
    boundaries = {
      tier10From: startOfLocalDate(addDays(raisedDate, 1), options.timeZone),
      tier100From: startOfLocalDate(addDays(lastTier10Date, 1), options.timeZone),
    };
    if (boundaryCache.size > 50_000) boundaryCache.clear();
    boundaryCache.set(key, boundaries);
  }
  return { raisedDate, ...boundaries };
};

/** The tier of a complaint raised at `raisedAt` and resolved (or looked at) at `endAt`, both epoch ms. */
export const costTier = (raisedAt: number, endAt: number, options: CalendarOptions): CostTier => {
  const { tier10From, tier100From } = tierBoundaries(raisedAt, options);
  if (endAt < tier10From) return 1;
  if (endAt < tier100From) return 10;
  return 100;
};

/** The tier reached at `at` given precomputed boundaries. */
export const tierAt = (boundaries: Pick<TierBoundaries, 'tier10From' | 'tier100From'>, at: number): CostTier =>
  at < boundaries.tier10From ? 1 : at < boundaries.tier100From ? 10 : 100;

export interface ComplaintCostInput {
  status: 'open' | 'resolved' | 'withdrawn';
  raisedAt: number;
  /** The final resolution (a reopen voids the earlier one). */
  resolvedAt?: number;
}

export interface ComplaintCost {
  tier: CostTier | null;
  cost: number;
}

/**
 * Cost of a complaint under 1:10:100: resolved complaints pay the tier of their final resolution,
 * open ones the tier reached at `now`, withdrawn ones nothing.
 */
export const complaintCost = (
  complaint: ComplaintCostInput,
  now: number,
  options: CalendarOptions & { unitCost: number },
): ComplaintCost => {
  if (complaint.status === 'withdrawn') return { tier: null, cost: 0 };
  const end = complaint.status === 'resolved' && complaint.resolvedAt !== undefined ? complaint.resolvedAt : now;
  const tier = costTier(complaint.raisedAt, end, options);
  return { tier, cost: tier * options.unitCost };
};
