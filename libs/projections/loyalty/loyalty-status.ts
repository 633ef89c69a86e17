import {
  computeMarriedSince,
  DEFAULT_LOYALTY_OPTIONS,
  loyaltyStatus,
  nextStageChangeAt,
  type AtRiskReason,
  type ComplaintFact,
  type CustomerFacts,
  type LoyaltyLevel,
  type LoyaltyOptions,
  type LoyaltyStage,
} from '../../domain/policies/loyalty-stage';
import { complaintTierAt } from '../../domain/policies/retention';
import { stageChangesBetween } from '../../domain/policies/stage-history';
import type { LoyaltyRow, StageHistoryEntry } from './loyalty-row';

/**
 * The facts of a row with the complaints judged on first use: stage rules never read them, so an
 * evaluation of the stage alone (as each event is folded in) does not build them.
 */
class RowFacts implements CustomerFacts {
  readonly purchases: CustomerFacts['purchases'];
  readonly partnership: CustomerFacts['partnership'];
  readonly marriedSince: number | null;
  readonly keyAccount: boolean;
  readonly convertedReferrals: number;
  readonly referralsMade: number;
  readonly churned: boolean;
  readonly scores: CustomerFacts['scores'];
  private judged: ComplaintFact[] | undefined;

  constructor(
    private readonly row: LoyaltyRow,
    private readonly now: number,
    options: Partial<LoyaltyOptions>,
  ) {
    this.purchases = row.purchases;
    this.partnership = row.partnership;
    this.marriedSince = computeMarriedSince(
      {
        partnershipMarriedAt: row.partnershipMarriedAt,
        keyAccountSince: row.keyAccountSince,
        referralsConvertedAt: row.referralsConvertedAt,
      },
      options,
    );
    this.keyAccount = row.keyAccount;
    this.convertedReferrals = row.referralsConvertedAt.length;
    this.referralsMade = row.referralsMade;
    this.churned = row.churned;
    this.scores = row.scores;
  }

  get complaints(): ComplaintFact[] {
    this.judged ??= this.row.complaints
      .filter((c) => c.status !== 'withdrawn')
      .map((c) => ({
        open: c.status === 'open',
        tier: complaintTierAt(c, this.now) ?? 1,
        tier100From: c.tier100From,
      }));
    return this.judged;
  }
}

/** The facts of a loyalty row as the loyalty rules take them, with open complaints' tiers at `now`. */
export const loyaltyFacts = (
  row: LoyaltyRow,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): CustomerFacts => new RowFacts(row, now, options);

/** Append a stage to a history unless it is already the current one. */
export const appendStage = (
  history: readonly StageHistoryEntry[],
  stage: LoyaltyStage,
  at: number,
  cause: string,
): StageHistoryEntry[] => {
  const last = history[history.length - 1];
  if (last?.stage === stage) return [...history];
  return [...history, { stage, from: last?.stage ?? null, at, cause }];
};

/** Add the stage changes the passage of time brings between `from` and `to`, facts unchanged. */
export const advanceHistory = (
  history: readonly StageHistoryEntry[],
  facts: CustomerFacts,
  from: number,
  to: number,
  options: Partial<LoyaltyOptions> = {},
): StageHistoryEntry[] => {
  let advanced = [...history];
  if (to <= from) return advanced;
  for (const change of stageChangesBetween(facts, from, to, options)) {
    advanced = appendStage(advanced, change.stage, change.at, 'time');
  }
  return advanced;
};

/** A customer's loyalty as judged at `now`. Times are epoch ms. */
export interface LoyaltyAt {
  stage: LoyaltyStage;
  level: LoyaltyLevel;
  atRiskReasons: AtRiskReason[];
  /** When the current stage was entered. */
  stageSince: number | null;
  /** Recorded history, extended with the time-driven changes up to `now`. */
  history: StageHistoryEntry[];
}

/** Stage, level, at-risk reasons and stage history of a row at `now`. */
export const loyaltyAt = (
  row: LoyaltyRow,
  now: number,
  options: Partial<LoyaltyOptions> = DEFAULT_LOYALTY_OPTIONS,
): LoyaltyAt => {
  const facts = loyaltyFacts(row, now, options);
  const status = loyaltyStatus(facts, now, options);
  const history =
    row.evaluatedAt === null
      ? [...row.history]
      : advanceHistory(row.history, facts, row.evaluatedAt, now, options);
  return {
    stage: status.stage,
    level: status.level,
    atRiskReasons: status.atRisk,
    stageSince: history.length > 0 ? history[history.length - 1].at : null,
    history,
  };
};

/** Next instant the stage, level or at-risk reasons of a row change with no new event; null if never. */
export const nextLoyaltyChangeAt = (
  row: LoyaltyRow,
  now: number,
  options: Partial<LoyaltyOptions> = DEFAULT_LOYALTY_OPTIONS,
): number | null => nextStageChangeAt(loyaltyFacts(row, now, options), now, options);
