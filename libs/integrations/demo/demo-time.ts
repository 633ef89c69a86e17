import { HOUR_WEIGHTS } from './demo-catalog';
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type Tier = 1 | 10 | 100;

/** The tier as the server computes it with TENFOLD_TIME_ZONE=UTC and no business calendar. */
export const utcTier = (raisedAt: number, endAt: number): Tier => {
  const days = Math.floor(endAt / DAY) - Math.floor(raisedAt / DAY);
  return days <= 0 ? 1 : days === 1 ? 10 : 100;
};

/** An instant on the (UTC) day of `dayOf` at a business-like hour. */
export const atWorkHour = (random: Random, dayOf: number): number =>
  Math.floor(dayOf / DAY) * DAY +
  Number(random.weightedKey(HOUR_WEIGHTS)) * HOUR +
  random.int(0, 59) * MINUTE;

/** An instant in [from, to], weekends less likely. */
export const dayBetween = (random: Random, from: number, to: number): number => {
  for (;;) {
    const t = random.between(from, to);
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return t;
    if (random.chance(0.4)) return t;
  }
};
