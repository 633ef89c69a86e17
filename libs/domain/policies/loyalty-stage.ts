/**
 * Relationship stage, loyalty level and at-risk reasons of a customer (DESIGN §1, §4).
 *
 * Everything is computed from plain `CustomerFacts` and an instant `now` (epoch ms, business time);
 * facts dated after `now` are ignored, so the same facts answer "as of" questions too.
 * Windows are half-open: a purchase or score at `at` counts from `at` until just before the window's end.
 * Month windows use UTC calendar months (a day past the target month's end clamps to its last day).
 *
 * Stage (highest matching wins; churned overrides until the customer is reactivated):
 * - encounter: at most one purchase;
 * - courtship: ≥ 2 purchases;
 * - engaged: ≥ 5 purchases in the 12 months up to `now`, or a PartnershipSigned engaged;
 * - married: a PartnershipSigned married, or a key account with ≥ 1 converted referral;
 * - lifelong: married for ≥ 24 months (from `marriedSince`).
 *
 * Level (highest matching wins; a churned customer has level none):
 * - none: nothing below holds (e.g. one purchase, no referral);
 * - normal: ≥ 2 purchases;
 * - strong: ≥ 5 purchases in the 12 months up to `now`, or ≥ 1 referral made, or the latest NPS is a promoter;
 * - committed: strong, and (≥ 1 converted referral or partnership married), and no dissatisfied
 *   score (detractor NPS or CSAT ≤ 2) in the recent window (90 days).
 *
 * At risk (reasons, empty = not at risk): an open complaint in tier 100 now, a detractor NPS (0–6)
 * or a CSAT ≤ 2 within the recent window (90 days).
 */
import { addMonths } from './calendar-months';
import type { CostTier } from './cost-tier';
import {
  attitude,
  DEFAULT_SATISFACTION_THRESHOLDS,
  npsCategory,
  type SatisfactionKind,
  type SatisfactionThresholds,
} from './satisfaction';

export type LoyaltyStage = 'encounter' | 'courtship' | 'engaged' | 'married' | 'lifelong' | 'churned';
export type LoyaltyLevel = 'none' | 'normal' | 'strong' | 'committed';
export type AtRiskReason = 'open_complaint_tier_100' | 'detractor_nps' | 'low_csat';
export type Partnership = 'none' | 'engaged' | 'married';

export interface PurchaseFact {
  /** Epoch ms (occurredAt). */
  at: number;
  amount: number;
}

export interface ScoreFact {
  kind: SatisfactionKind;
  score: number;
  /** Epoch ms (occurredAt). */
  at: number;
}

export interface ComplaintFact {
  open: boolean;
  /** Tier reached when the facts were gathered (for a resolved complaint: its final tier). */
  tier: CostTier;
  /** First instant of tier 100 (see `tierBoundaries`); lets an open complaint's tier grow with `now`. */
  tier100From?: number;
}

/** What the loyalty rules need to know about one customer; a projection keeps it up to date. */
export interface CustomerFacts {
  purchases: readonly PurchaseFact[];
  partnership: Partnership;
  /** When the married condition first held (see `computeMarriedSince`); null when unknown or never. */
  marriedSince: number | null;
  keyAccount: boolean;
  convertedReferrals: number;
  referralsMade: number;
  /** True between CustomerChurned and CustomerReactivated. */
  churned: boolean;
  scores: readonly ScoreFact[];
  complaints: readonly ComplaintFact[];
}

export interface LoyaltyOptions {
  /** Purchases (ever) that make a courtship. */
  courtshipPurchases: number;
  /** Purchases within `engagedWindowMonths` that make an engagement. */
  engagedPurchases: number;
  engagedWindowMonths: number;
  /** Converted referrals that, with a key account, make a marriage. */
  marriedConvertedReferrals: number;
  /** Months of marriage after which the relationship is lifelong. */
  lifelongAfterMonths: number;
  /** Purchases (ever) for level normal. */
  normalPurchases: number;
  /** Purchases within `strongWindowMonths` for level strong. */
  strongPurchases: number;
  strongWindowMonths: number;
  /** Referrals made (converted or not) for level strong. */
  strongReferralsMade: number;
  /** Converted referrals for level committed (a married partnership also qualifies). */
  committedConvertedReferrals: number;
  /** How long a score is recent: a bad recent score puts a customer at risk and bars level committed. */
  recentWindowDays: number;
  satisfaction: SatisfactionThresholds;
}

export const DEFAULT_LOYALTY_OPTIONS: Readonly<LoyaltyOptions> = {
  courtshipPurchases: 2,
  engagedPurchases: 5,
  engagedWindowMonths: 12,
  marriedConvertedReferrals: 1,
  lifelongAfterMonths: 24,
  normalPurchases: 2,
  strongPurchases: 5,
  strongWindowMonths: 12,
  strongReferralsMade: 1,
  committedConvertedReferrals: 1,
  recentWindowDays: 90,
  satisfaction: DEFAULT_SATISFACTION_THRESHOLDS,
};

export interface LoyaltyStatus {
  stage: LoyaltyStage;
  level: LoyaltyLevel;
  atRisk: AtRiskReason[];
}

export interface MarriageMilestones {
  /** occurredAt of PartnershipSigned married, if any. */
  partnershipMarriedAt: number | null;
  /** Since when the customer has been a key account without interruption; null if not one. */
  keyAccountSince: number | null;
  /** occurredAt of each ReferralConverted, in any order. */
  referralsConvertedAt: readonly number[];
}

const DAY_MS = 86_400_000;

/** The options with defaults filled in; the defaults themselves (no copy) when nothing is overridden. */
const resolve = (options: Partial<LoyaltyOptions>): LoyaltyOptions => {
  if (options === DEFAULT_LOYALTY_OPTIONS) return options as LoyaltyOptions;
  let overrides = false;
  for (const key in options) {
    if (Object.prototype.hasOwnProperty.call(options, key)) {
      overrides = true;
      break;
    }
  }
  return overrides ? { ...DEFAULT_LOYALTY_OPTIONS, ...options } : (DEFAULT_LOYALTY_OPTIONS as LoyaltyOptions);
};

const purchasesUpTo = (facts: CustomerFacts, now: number): number => {
  let count = 0;
  for (const p of facts.purchases) if (p.at <= now) count++;
  return count;
};

const purchasesInWindow = (facts: CustomerFacts, now: number, months: number): number => {
  let count = 0;
  for (const p of facts.purchases) if (p.at <= now && now < addMonths(p.at, months)) count++;
  return count;
};

const recentScores = (facts: CustomerFacts, now: number, o: LoyaltyOptions): ScoreFact[] =>
  facts.scores.filter((s) => s.at <= now && now < s.at + o.recentWindowDays * DAY_MS);

const marriedConditionHolds = (facts: CustomerFacts, o: LoyaltyOptions): boolean =>
  facts.partnership === 'married' ||
  (facts.keyAccount && facts.convertedReferrals >= o.marriedConvertedReferrals);

/** When the married condition first held: the married partnership, or a key account with enough converted referrals. */
export const computeMarriedSince = (
  milestones: MarriageMilestones,
  options: Partial<LoyaltyOptions> = {},
): number | null => {
  const o = resolve(options);
  const married = milestones.partnershipMarriedAt;
  if (milestones.keyAccountSince === null) return married;
  const needed = o.marriedConvertedReferrals;
  const converted = milestones.referralsConvertedAt;
  let enough: number | undefined;
  if (needed <= 0) enough = -Infinity;
  else if (needed === 1) {
    // The earliest conversion, without sorting a copy.
    for (const at of converted) if (enough === undefined || at < enough) enough = at;
  } else enough = [...converted].sort((a, b) => a - b)[needed - 1];
  if (enough === undefined) return married;
  const keyed = Math.max(milestones.keyAccountSince, enough);
  return married === null ? keyed : Math.min(married, keyed);
};

/** The relationship stage of a customer at `now`. */
export const loyaltyStage = (
  facts: CustomerFacts,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): LoyaltyStage => {
  const o = resolve(options);
  if (facts.churned) return 'churned';
  if (marriedConditionHolds(facts, o)) {
    const lifelong =
      facts.marriedSince !== null && now >= addMonths(facts.marriedSince, o.lifelongAfterMonths);
    return lifelong ? 'lifelong' : 'married';
  }
  if (
    facts.partnership === 'engaged' ||
    purchasesInWindow(facts, now, o.engagedWindowMonths) >= o.engagedPurchases
  ) {
    return 'engaged';
  }
  return purchasesUpTo(facts, now) >= o.courtshipPurchases ? 'courtship' : 'encounter';
};

const latestNps = (facts: CustomerFacts, now: number): ScoreFact | undefined => {
  let latest: ScoreFact | undefined;
  for (const s of facts.scores) {
    if (s.kind === 'nps' && s.at <= now && (latest === undefined || s.at >= latest.at)) latest = s;
  }
  return latest;
};

/** The loyalty level of a customer at `now`: none, normal, strong or committed. */
export const loyaltyLevel = (
  facts: CustomerFacts,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): LoyaltyLevel => {
  const o = resolve(options);
  if (facts.churned) return 'none';
  const latest = latestNps(facts, now);
  const strong =
    purchasesInWindow(facts, now, o.strongWindowMonths) >= o.strongPurchases ||
    facts.referralsMade >= o.strongReferralsMade ||
    (latest !== undefined && npsCategory(latest.score, o.satisfaction) === 'promoter');
  if (strong) {
    const bound =
      facts.convertedReferrals >= o.committedConvertedReferrals || facts.partnership === 'married';
    const unhappy = recentScores(facts, now, o).some(
      (s) => attitude(s.kind, s.score, o.satisfaction) === 'dissatisfied',
    );
    return bound && !unhappy ? 'committed' : 'strong';
  }
  return purchasesUpTo(facts, now) >= o.normalPurchases ? 'normal' : 'none';
};

/** The tier an open complaint has reached at `now`. */
const tierAtNow = (complaint: ComplaintFact, now: number): CostTier =>
  complaint.open && complaint.tier100From !== undefined && now >= complaint.tier100From
    ? 100
    : complaint.tier;

/** Why a customer is at risk at `now`, in a fixed order; an empty list means not at risk. */
export const atRiskReasons = (
  facts: CustomerFacts,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): AtRiskReason[] => {
  const o = resolve(options);
  const reasons: AtRiskReason[] = [];
  if (facts.complaints.some((c) => c.open && tierAtNow(c, now) === 100))
    reasons.push('open_complaint_tier_100');
  const recent = recentScores(facts, now, o);
  if (recent.some((s) => s.kind === 'nps' && npsCategory(s.score, o.satisfaction) === 'detractor')) {
    reasons.push('detractor_nps');
  }
  if (recent.some((s) => s.kind === 'csat' && attitude('csat', s.score, o.satisfaction) === 'dissatisfied')) {
    reasons.push('low_csat');
  }
  return reasons;
};

/** Stage, level and at-risk reasons of a customer at `now`. */
export const loyaltyStatus = (
  facts: CustomerFacts,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): LoyaltyStatus => ({
  stage: loyaltyStage(facts, now, options),
  level: loyaltyLevel(facts, now, options),
  atRisk: atRiskReasons(facts, now, options),
});

const sameStatus = (a: LoyaltyStatus, b: LoyaltyStatus): boolean =>
  a.stage === b.stage && a.level === b.level && a.atRisk.join() === b.atRisk.join();

/**
 * The first instant after `now` at which the loyalty status (stage, level or at-risk reasons) changes
 * with no new facts — a purchase leaving its window, a marriage turning lifelong, a score ageing out,
 * an open complaint reaching tier 100 — or null if it never does. A read model re-evaluates then.
 */
export const nextStageChangeAt = (
  facts: CustomerFacts,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): number | null => {
  const o = resolve(options);
  const candidates = new Set<number>();
  for (const p of facts.purchases) {
    candidates.add(p.at);
    candidates.add(addMonths(p.at, o.engagedWindowMonths));
    candidates.add(addMonths(p.at, o.strongWindowMonths));
  }
  for (const s of facts.scores) {
    candidates.add(s.at);
    candidates.add(s.at + o.recentWindowDays * DAY_MS);
  }
  if (facts.marriedSince !== null) candidates.add(addMonths(facts.marriedSince, o.lifelongAfterMonths));
  for (const c of facts.complaints) if (c.open && c.tier100From !== undefined) candidates.add(c.tier100From);

  const current = loyaltyStatus(facts, now, o);
  const upcoming = [...candidates].filter((at) => at > now).sort((a, b) => a - b);
  return upcoming.find((at) => !sameStatus(loyaltyStatus(facts, at, o), current)) ?? null;
};
