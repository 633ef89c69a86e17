import {
  attitude,
  csatSatisfied,
  DEFAULT_SATISFACTION_THRESHOLDS,
  npsCategory,
  npsScore,
  scoreInRange,
  summarizeSatisfaction,
  type SatisfactionScore,
} from './satisfaction';

const csat = (...scores: number[]): SatisfactionScore[] => scores.map((score) => ({ kind: 'csat', score }));
const nps = (...scores: number[]): SatisfactionScore[] => scores.map((score) => ({ kind: 'nps', score }));

describe('scoreInRange', () => {
  it.each([
    ['csat', 1, true],
    ['csat', 5, true],
    ['csat', 0, false],
    ['csat', 6, false],
    ['csat', 3.5, false],
    ['nps', 0, true],
    ['nps', 10, true],
    ['nps', -1, false],
    ['nps', 11, false],
    ['nps', Number.NaN, false],
  ] as const)('%s %p → %p', (kind, score, expected) => {
    expect(scoreInRange(kind, score)).toBe(expected);
  });
});

describe('npsCategory', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('NPS %p is a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });

  it('follows configured cut-offs', () => {
    const strict = { ...DEFAULT_SATISFACTION_THRESHOLDS, npsPromoterMin: 10, npsPassiveMin: 8 };
    expect(npsCategory(9, strict)).toBe('passive');
    expect(npsCategory(7, strict)).toBe('detractor');
  });

  it('refuses a score off the scale', () => {
    expect(() => npsCategory(11)).toThrow(
      new RangeError('nps score must be a whole number from 0 to 10, got 11'),
    );
  });
});

describe('csatSatisfied', () => {
  it.each([
    [1, false],
    [2, false],
    [3, false],
    [4, true],
    [5, true],
  ])('CSAT %p satisfied: %p', (score, expected) => {
    expect(csatSatisfied(score)).toBe(expected);
  });

  it('refuses a score off the scale', () => {
    expect(() => csatSatisfied(0)).toThrow(RangeError);
  });
});

describe('attitude', () => {
  it.each([
    ['csat', 1, 'dissatisfied'],
    ['csat', 2, 'dissatisfied'],
    ['csat', 3, 'satisfied'],
    ['csat', 4, 'satisfied'],
    ['csat', 5, 'delighted'],
    ['nps', 0, 'dissatisfied'],
    ['nps', 6, 'dissatisfied'],
    ['nps', 7, 'satisfied'],
    ['nps', 8, 'satisfied'],
    ['nps', 9, 'delighted'],
    ['nps', 10, 'delighted'],
  ] as const)('%s %p → %s', (kind, score, expected) => {
    expect(attitude(kind, score)).toBe(expected);
  });

  it('refuses a CSAT off the scale', () => {
    expect(() => attitude('csat', 7)).toThrow('csat score must be a whole number from 1 to 5, got 7');
  });
});

describe('summarizeSatisfaction', () => {
  it('gives nulls and zeros without answers', () => {
    expect(summarizeSatisfaction([])).toEqual({
      csat: { responses: 0, average: null, satisfiedPct: null },
      nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null },
      attitude: { dissatisfied: 0, satisfied: 0, delighted: 0 },
    });
  });

  it('counts CSAT 2, 3, 4 and 5: average 3.5, half of them satisfied', () => {
    expect(summarizeSatisfaction(csat(2, 3, 4, 5)).csat).toEqual({
      responses: 4,
      average: 3.5,
      satisfiedPct: 50,
    });
  });

  it('rounds the CSAT average to 2 decimals and the satisfied share to 1 decimal', () => {
    expect(summarizeSatisfaction(csat(4, 4, 3)).csat).toEqual({
      responses: 3,
      average: 3.67,
      satisfiedPct: 66.7,
    });
  });

  it('counts NPS 6, 7, 8 and 9: one promoter minus one detractor over four answers is 0', () => {
    expect(summarizeSatisfaction(nps(6, 7, 8, 9)).nps).toEqual({
      responses: 4,
      promoters: 1,
      passives: 2,
      detractors: 1,
      score: 0,
    });
  });

  it('computes NPS as a percentage rounded to 1 decimal, negative when detractors dominate', () => {
    expect(summarizeSatisfaction(nps(10, 9, 0)).nps.score).toBe(33.3);
    expect(summarizeSatisfaction(nps(9, 3, 4)).nps.score).toBe(-33.3);
    expect(summarizeSatisfaction(nps(10, 10)).nps.score).toBe(100);
    expect(summarizeSatisfaction(nps(0)).nps.score).toBe(-100);
  });

  it('rounds halves away from zero', () => {
    expect(summarizeSatisfaction(csat(5, 5, 5, 3, 3, 2, 1, 1)).csat.average).toBe(3.13);
    expect(summarizeSatisfaction(nps(6, ...Array<number>(399).fill(7))).nps.score).toBe(-0.3);
    expect(summarizeSatisfaction(nps(9, ...Array<number>(399).fill(7))).nps.score).toBe(0.3);
  });

  it('counts attitudes across both kinds', () => {
    expect(summarizeSatisfaction([...csat(2, 3, 5), ...nps(6, 8, 9, 10)]).attitude).toEqual({
      dissatisfied: 2,
      satisfied: 2,
      delighted: 3,
    });
  });

  it('keeps CSAT and NPS answers apart', () => {
    const summary = summarizeSatisfaction([...csat(5), ...nps(0)]);
    expect(summary.csat.responses).toBe(1);
    expect(summary.nps.responses).toBe(1);
  });

  it('refuses an answer off its scale', () => {
    expect(() => summarizeSatisfaction(csat(4, 0))).toThrow(RangeError);
  });
});

describe('npsScore', () => {
  it('is null without answers and the NPS percentage otherwise', () => {
    expect(npsScore([])).toBeNull();
    expect(npsScore([9, 9, 7, 3])).toBe(25);
  });
});
