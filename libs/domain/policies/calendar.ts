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

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export const localDate = (millis: number, timeZone: string): string => {
  const p = partsOf(millis, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};

const offsetAt = (millis: number, timeZone: string): number => {
  const p = partsOf(millis, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (millis - (millis % 1000));
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
