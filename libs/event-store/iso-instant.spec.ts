import { epochMsOf } from './iso-instant';

describe('epochMsOf', () => {
  it('agrees with Date.parse on instants Tenfold writes', () => {
    for (let i = 0; i < 20000; i++) {
      const iso = new Date(Date.UTC(1970, 0, 1) + Math.floor(Math.random() * 4e12)).toISOString();
      expect(epochMsOf(iso)).toBe(Date.parse(iso));
    }
    for (const iso of [
      '1970-01-01T00:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2026-03-05T09:30:00.123Z',
      '9999-12-31T23:59:59.999Z',
    ]) {
      expect(epochMsOf(iso)).toBe(Date.parse(iso));
    }
  });

  it('leaves every other form, and invalid dates, to Date.parse', () => {
    for (const iso of [
      '2026-03-05T09:30:00Z',
      '2026-03-05T09:30:00.123+01:00',
      '2026-03-05',
      '2026-04-31T00:00:00.000Z',
      '2025-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-03-05T24:00:00.000Z',
      '2026-03-05 09:30:00.123Z',
      '2026-03-05T09:30:00,123Z',
      '+02026-03-05T09:30:00.1Z',
      'not a date at all, 24 ch',
    ]) {
      expect(epochMsOf(iso)).toEqual(Date.parse(iso));
    }
  });
});
