import { localDate, startOfLocalDate } from './calendar';

const intlDate = (millis: number, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(millis));

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham', 'Pacific/Apia'];

describe('calendar dates in a time zone', () => {
  it('agrees with Intl on the local date of many instants, DST changes included', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const from = Date.parse('2019-01-01T00:00:00Z');
    const span = Date.parse('2028-01-01T00:00:00Z') - from;
    for (const zone of ZONES) {
      for (let i = 0; i < 2000; i++) {
        const millis = from + Math.floor(random() * span);
        expect(`${zone} ${new Date(millis).toISOString()} ${localDate(millis, zone)}`).toBe(`${zone} ${new Date(millis).toISOString()} ${intlDate(millis, zone)}`);
      }
    }
  });

  it('agrees with Intl one millisecond either side of every local midnight', () => {
    for (const zone of ZONES) {
      for (let day = 0; day < 800; day += 1) {
        const date = new Date(Date.parse('2025-01-01T00:00:00Z') + day * 86_400_000).toISOString().slice(0, 10);
        const start = startOfLocalDate(date, zone);
        expect(localDate(start, zone)).toBe(date);
        expect(intlDate(start, zone)).toBe(date);
        expect(intlDate(start - 1, zone)).not.toBe(date);
      }
    }
  });
});
