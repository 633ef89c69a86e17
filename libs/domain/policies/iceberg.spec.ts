import { complaintIceberg, DEFAULT_ICEBERG_RATIOS, parseIcebergRatios } from './iceberg';

describe('complaintIceberg', () => {
  describe('with the default ratios (5% formal, 35% voiced elsewhere, 60% silent)', () => {
    it.each([
      [0, { formal: 0, voicedElsewhere: 0, silent: 0, estimatedUnhappy: 0 }],
      [1, { formal: 1, voicedElsewhere: 7, silent: 12, estimatedUnhappy: 20 }],
      [3, { formal: 3, voicedElsewhere: 21, silent: 36, estimatedUnhappy: 60 }],
      [50, { formal: 50, voicedElsewhere: 350, silent: 600, estimatedUnhappy: 1000 }],
      [12_345, { formal: 12_345, voicedElsewhere: 86_415, silent: 148_140, estimatedUnhappy: 246_900 }],
    ])('given %p formal complaints, then %o', (formal, expected) => {
      expect(complaintIceberg(formal)).toEqual(expected);
    });

    it('uses DEFAULT_ICEBERG_RATIOS', () => {
      expect(complaintIceberg(4, DEFAULT_ICEBERG_RATIOS)).toEqual(complaintIceberg(4));
    });
  });

  describe('with custom ratios', () => {
    it('given 10% formal, 30% elsewhere, 60% silent, then 10 formal imply 100 unhappy', () => {
      expect(complaintIceberg(10, { formal: 0.1, voicedElsewhere: 0.3, silent: 0.6 })).toEqual({
        formal: 10,
        voicedElsewhere: 30,
        silent: 60,
        estimatedUnhappy: 100,
      });
    });

    it('rounds each part to a whole number of customers', () => {
      expect(complaintIceberg(1, { formal: 0.03, voicedElsewhere: 0.27, silent: 0.7 })).toEqual({
        formal: 1,
        voicedElsewhere: 9,
        silent: 23,
        estimatedUnhappy: 33,
      });
    });

    it('accepts a silent share of 0', () => {
      expect(complaintIceberg(2, { formal: 0.5, voicedElsewhere: 0.5, silent: 0 })).toEqual({
        formal: 2,
        voicedElsewhere: 2,
        silent: 0,
        estimatedUnhappy: 4,
      });
    });
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p formal complaints', (formal) => {
    expect(() => complaintIceberg(formal)).toThrow(RangeError);
  });

  it('refuses invalid ratios', () => {
    expect(() => complaintIceberg(1, { formal: 0.05, voicedElsewhere: 0.35, silent: 0.5 })).toThrow(
      'Iceberg ratios must sum to 1',
    );
  });
});

describe('parseIcebergRatios', () => {
  it('returns valid ratios unchanged', () => {
    expect(parseIcebergRatios({ formal: 0.05, voicedElsewhere: 0.35, silent: 0.6 })).toEqual(
      DEFAULT_ICEBERG_RATIOS,
    );
  });

  it('tolerates a sum off by at most 1e-9', () => {
    expect(() =>
      parseIcebergRatios({ formal: 0.05, voicedElsewhere: 0.35, silent: 0.6 + 9e-10 }),
    ).not.toThrow();
    expect(() =>
      parseIcebergRatios({ formal: 0.05, voicedElsewhere: 0.35, silent: 0.6 - 9e-10 }),
    ).not.toThrow();
  });

  it('refuses a sum off by more than 1e-9', () => {
    expect(() => parseIcebergRatios({ formal: 0.05, voicedElsewhere: 0.35, silent: 0.6 + 2e-9 })).toThrow(
      /^Iceberg ratios must sum to 1, got 0\.05 \+ 0\.35 \+ 0\.600000002/,
    );
    expect(() => parseIcebergRatios({ formal: 0.2, voicedElsewhere: 0.4, silent: 0.6 })).toThrow(RangeError);
  });

  it('refuses a formal share of 0', () => {
    expect(() => parseIcebergRatios({ formal: 0, voicedElsewhere: 0.4, silent: 0.6 })).toThrow(
      new RangeError('Iceberg ratio formal must be > 0, got 0'),
    );
  });

  it.each([
    ['formal', { formal: -0.1, voicedElsewhere: 0.5, silent: 0.6 }],
    ['voicedElsewhere', { formal: 0.5, voicedElsewhere: -0.1, silent: 0.6 }],
    ['silent', { formal: 0.5, voicedElsewhere: 0.5, silent: Number.NaN }],
    ['silent', { formal: 0.5, voicedElsewhere: 0.5, silent: Number.POSITIVE_INFINITY }],
  ])('refuses a negative or non-finite %s share', (name, ratios) => {
    expect(() => parseIcebergRatios(ratios)).toThrow(`Iceberg ratio ${name} must be a finite number ≥ 0`);
  });
});
