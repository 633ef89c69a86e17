/** Calendar-date arithmetic in an IANA time zone, with an optional business calendar. */

export interface BusinessCalendar {
  /** ISO weekday numbers that are working days (1 = Monday … 7 = Sunday). */
  workingDays: readonly number[];
  /** Local dates (YYYY-MM-DD) that are not working days. */
  holidays: readonly string[];
}

export interface CalendarOptions {
  timeZone: string;
  /** When set, "next day" means the next working day. */
  calendar?: BusinessCalendar;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** True when the runtime knows the IANA zone name. */
export const isValidTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

const partsOf = (millis: number, timeZone: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(millis))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
};

/** The zone's offset from UTC at an instant, asked of Intl (slow: a few microseconds). */
const offsetFromIntl = (millis: number, timeZone: string): number => {
  const p = partsOf(millis, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (millis - (((millis % 1000) + 1000) % 1000));
};

// Offsets only change on quarter-hour instants (DST and zone rule changes), so one answer per
// quarter hour is exact; the cache keeps rebuilds from spending their time in Intl.
const QUARTER_HOUR = 900_000;
const offsetCache = new Map<string, number>();

const offsetAt = (millis: number, timeZone: string): number => {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const key = `${timeZone}|${Math.floor(millis / QUARTER_HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 200_000) offsetCache.clear();
    offset = offsetFromIntl(Math.floor(millis / QUARTER_HOUR) * QUARTER_HOUR, timeZone);
    offsetCache.set(key, offset);
  }
  return offset;
};

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export const localDate = (millis: number, timeZone: string): string => {
  const local = new Date(millis + offsetAt(millis, timeZone));
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
};

/** The instant a local date starts (its first moment) in a time zone, DST-safe. */
export const startOfLocalDate = (date: string, timeZone: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d);
  let guess = naive - offsetAt(naive, timeZone);
  guess = naive - offsetAt(guess, timeZone);
  // A zone that skips midnight (DST at 00:00) starts the day at the first existing instant.
  if (localDate(guess, timeZone) !== date) guess += 3_600_000;
  return guess;
};

/** The date `days` after a local date. */
export const addDays = (date: string, days: number): string => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

const isoWeekday = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
};

const isWorkingDay = (date: string, calendar: BusinessCalendar): boolean =>
  calendar.workingDays.includes(isoWeekday(date)) && !calendar.holidays.includes(date);

/** The day after `date` that counts as "the next day": the next working day under a calendar. */
export const nextDay = (date: string, calendar?: BusinessCalendar): string => {
  let next = addDays(date, 1);
  if (!calendar || calendar.workingDays.length === 0) return next;
  for (let guard = 0; guard < 366 && !isWorkingDay(next, calendar); guard++) next = addDays(next, 1);
  return next;
};
