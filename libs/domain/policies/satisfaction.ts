/**
 * Satisfaction scores (DESIGN §4).
 *
 * - CSAT is 1–5; a response is *satisfied* at 4–5.
 * - NPS is 0–10: promoter 9–10, passive 7–8, detractor 0–6. The NPS score is
 *   (promoters − detractors) / responses × 100, rounded to one decimal (null without responses).
 * - Attitude: *dissatisfied* (CSAT ≤ 2, NPS ≤ 6), *delighted* (CSAT 5, NPS ≥ 9), otherwise *satisfied*
 *   (so CSAT 3 is satisfied in attitude although it does not count as a satisfied CSAT response).
 *
 * The scales are fixed (the event schema enforces them); the cut-offs are configurable.
 * Functions throw a RangeError for a score outside its scale: such data never passed ingestion.
 */

export type SatisfactionKind = 'csat' | 'nps';
export type NpsCategory = 'promoter' | 'passive' | 'detractor';
export type Attitude = 'dissatisfied' | 'satisfied' | 'delighted';

export interface SatisfactionScore {
  kind: SatisfactionKind;
  score: number;
}

/** Inclusive bounds of each scale. */
export const SCORE_SCALES: Readonly<Record<SatisfactionKind, { min: number; max: number }>> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
};

export interface SatisfactionThresholds {
  /** Lowest CSAT that counts as a satisfied response. */
  csatSatisfiedMin: number;
  /** Highest CSAT whose attitude is dissatisfied. */
  csatDissatisfiedMax: number;
  /** Lowest CSAT whose attitude is delighted. */
  csatDelightedMin: number;
  /** Lowest NPS of a promoter (and of a delighted attitude). */
  npsPromoterMin: number;
  /** Lowest NPS of a passive; anything below is a detractor (and dissatisfied). */
  npsPassiveMin: number;
}

export const DEFAULT_SATISFACTION_THRESHOLDS: Readonly<SatisfactionThresholds> = {
  csatSatisfiedMin: 4,
  csatDissatisfiedMax: 2,
  csatDelightedMin: 5,
  npsPromoterMin: 9,
  npsPassiveMin: 7,
};

export interface CsatSummary {
  responses: number;
  /** Mean score, two decimals; null without responses. */
  average: number | null;
  /** Share of satisfied responses as a percentage 0..100, one decimal; null without responses. */
  satisfiedPct: number | null;
}

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** NPS −100..100, one decimal; null without responses. */
  score: number | null;
}

export interface SatisfactionSummary {
  csat: CsatSummary;
  nps: NpsSummary;
  /** Responses of both kinds counted by attitude. */
  attitude: Record<Attitude, number>;
}

const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  // toPrecision(15) drops binary noise first, so 1.005 rounds to 1.01 and not 1.
  const rounded = Math.round(Number((Math.abs(value) * factor).toPrecision(15)));
  return (Math.sign(value) * rounded) / factor + 0;
};

/** True when `score` is a whole number on the scale of `kind` (CSAT 1–5, NPS 0–10). */
export const scoreInRange = (kind: SatisfactionKind, score: number): boolean =>
  Number.isInteger(score) && score >= SCORE_SCALES[kind].min && score <= SCORE_SCALES[kind].max;

const assertScore = (kind: SatisfactionKind, score: number): void => {
  if (!scoreInRange(kind, score)) {
    const { min, max } = SCORE_SCALES[kind];
    throw new RangeError(`${kind} score must be a whole number from ${min} to ${max}, got ${score}`);
  }
};

/** Promoter, passive or detractor for an NPS answer (0–10). */
export const npsCategory = (
  score: number,
  thresholds: SatisfactionThresholds = DEFAULT_SATISFACTION_THRESHOLDS,
): NpsCategory => {
  assertScore('nps', score);
  if (score >= thresholds.npsPromoterMin) return 'promoter';
  return score >= thresholds.npsPassiveMin ? 'passive' : 'detractor';
};

/** True when a CSAT answer (1–5) counts as satisfied (4–5 by default). */
export const csatSatisfied = (
  score: number,
  thresholds: SatisfactionThresholds = DEFAULT_SATISFACTION_THRESHOLDS,
): boolean => {
  assertScore('csat', score);
  return score >= thresholds.csatSatisfiedMin;
};

/** The attitude a single answer expresses: dissatisfied, satisfied or delighted. */
export const attitude = (
  kind: SatisfactionKind,
  score: number,
  thresholds: SatisfactionThresholds = DEFAULT_SATISFACTION_THRESHOLDS,
): Attitude => {
  if (kind === 'nps') {
    const category = npsCategory(score, thresholds);
    return category === 'promoter' ? 'delighted' : category === 'passive' ? 'satisfied' : 'dissatisfied';
  }
  assertScore('csat', score);
  if (score <= thresholds.csatDissatisfiedMax) return 'dissatisfied';
  return score >= thresholds.csatDelightedMin ? 'delighted' : 'satisfied';
};

/** Net Promoter Score of a list of NPS answers: % promoters − % detractors, one decimal; null if empty. */
export const npsScore = (
  scores: readonly number[],
  thresholds: SatisfactionThresholds = DEFAULT_SATISFACTION_THRESHOLDS,
): number | null =>
  summarizeSatisfaction(
    scores.map((score) => ({ kind: 'nps', score })),
    thresholds,
  ).nps.score;

/** CSAT, NPS and attitude figures for a set of answers of both kinds. */
export const summarizeSatisfaction = (
  scores: readonly SatisfactionScore[],
  thresholds: SatisfactionThresholds = DEFAULT_SATISFACTION_THRESHOLDS,
): SatisfactionSummary => {
  let csatResponses = 0;
  let csatTotal = 0;
  let csatSatisfiedCount = 0;
  const nps: Record<NpsCategory, number> = { promoter: 0, passive: 0, detractor: 0 };
  const attitudes: Record<Attitude, number> = { dissatisfied: 0, satisfied: 0, delighted: 0 };

  for (const { kind, score } of scores) {
    attitudes[attitude(kind, score, thresholds)] += 1;
    if (kind === 'csat') {
      csatResponses += 1;
      csatTotal += score;
      if (csatSatisfied(score, thresholds)) csatSatisfiedCount += 1;
    } else {
      nps[npsCategory(score, thresholds)] += 1;
    }
  }

  const npsResponses = nps.promoter + nps.passive + nps.detractor;
  return {
    csat: {
      responses: csatResponses,
      average: csatResponses === 0 ? null : roundTo(csatTotal / csatResponses, 2),
      satisfiedPct: csatResponses === 0 ? null : roundTo((csatSatisfiedCount / csatResponses) * 100, 1),
    },
    nps: {
      responses: npsResponses,
      promoters: nps.promoter,
      passives: nps.passive,
      detractors: nps.detractor,
      score: npsResponses === 0 ? null : roundTo(((nps.promoter - nps.detractor) / npsResponses) * 100, 1),
    },
    attitude: attitudes,
  };
};
