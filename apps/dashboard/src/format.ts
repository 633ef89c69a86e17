/** Numbers, shares, durations and instants formatted for the reader's locale (Intl). */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthName = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export const fmt = {
  int: (n: number): string => integer.format(n),
  dec: (n: number): string => decimal.format(n),
  dec2: (n: number): string => twoDecimals.format(n),
  /** A fraction 0..1 as a percentage. */
  share: (fraction: number | null | undefined): string =>
    fraction === null || fraction === undefined ? '—' : percent.format(fraction),
  compact: (n: number): string => compact.format(n),
  money: (amount: number, currency: string): string =>
    new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      amount,
    ),
  dateTime: (at: string | number): string => dateTime.format(new Date(at)),
  date: (at: string | number): string => dateOnly.format(new Date(at)),
  /** A `YYYY-MM-DD` calendar date (no time zone shift). */
  day: (date: string): string => shortDate.format(new Date(`${date}T00:00:00Z`)),
  month: (yyyyMm: string): string => monthName.format(new Date(`${yyyyMm}-01T00:00:00Z`)),
  time: (at: number): string => timeOnly.format(new Date(at)),
  /** Hours as "45 min", "10.5 h" or "3.2 d". */
  hours: (hours: number | null): string => {
    if (hours === null) return '—';
    if (hours < 1) return `${integer.format(hours * 60)} min`;
    if (hours < 48) return `${decimal.format(hours)} h`;
    return `${decimal.format(hours / 24)} d`;
  },
  /** A span in ms as a countdown: "2 d 03:12:09" or "03:12:09". */
  countdown: (ms: number): string => {
    const total = Math.max(0, Math.floor(ms / 1000));
    const days = Math.floor(total / 86400);
    const pad = (n: number) => String(n).padStart(2, '0');
    const clock = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
    return days > 0 ? `${integer.format(days)} d ${clock}` : clock;
  },
  /** A span in ms in words: "3 h", "2 d". */
  span: (ms: number): string => {
    const minutes = Math.max(0, ms) / 60000;
    if (minutes < 60) return `${integer.format(minutes)} min`;
    if (minutes < 48 * 60) return `${integer.format(minutes / 60)} h`;
    return `${integer.format(minutes / 1440)} d`;
  },
};

/** "ComplaintResolved" → "Complaint resolved". */
export const humanize = (type: string): string =>
  type
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^(\w)(.*)$/, (_, a: string, b: string) => a + b.toLowerCase());
