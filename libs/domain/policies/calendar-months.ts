/**
 * UTC calendar-month arithmetic on epoch ms, without Date objects (the loyalty rules call it for every
 * purchase on every evaluation). `addMonths` gives exactly what the Date-based form gives (kept as
 * `addMonthsWithDate`, the reference, and used outside the range the integer form covers).
 */

const DAY_MS = 86_400_000;
/** The integer form covers 1000-01-01 .. 9000-01-01 and shifts of up to 1000 years (Date.UTC treats years 0–99 as 19xx). */
const FAST_FROM = Date.UTC(1000, 0, 1);
const FAST_TO = Date.UTC(9000, 0, 1);
const FAST_MONTHS = 12_000;

/** The same UTC wall-clock time `months` calendar months later, clamped to the target month's last day (reference form). */
export const addMonthsWithDate = (at: number, months: number): number => {
  const d = new Date(at);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(
    target.getUTCFullYear(),
    target.getUTCMonth(),
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
};

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m0: number): number => (m0 === 1 && isLeap(y) ? 29 : MONTH_DAYS[m0]);

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12); H. Hinnant's days_from_civil. */
const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

/** The same UTC wall-clock time `months` calendar months later, clamped to the target month's last day. */
export const addMonths = (at: number, months: number): number => {
  if (
    !(at >= FAST_FROM && at < FAST_TO) ||
    !Number.isInteger(at) ||
    !Number.isInteger(months) ||
    months > FAST_MONTHS ||
    months < -FAST_MONTHS
  ) {
    return addMonthsWithDate(at, months);
  }
  const days = Math.floor(at / DAY_MS);
  const timeOfDay = at - days * DAY_MS;
  // civil_from_days (H. Hinnant).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const total = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(total / 12);
  const targetMonth0 = total - targetYear * 12;
  const clamped = Math.min(day, daysInMonth(targetYear, targetMonth0));
  return daysFromCivil(targetYear, targetMonth0 + 1, clamped) * DAY_MS + timeOfDay;
};
