/**
 * Retention figures (DESIGN §1): referrals that became customers, and the worst 1:10:100 tier a
 * customer's complaints reached (which the complaint → churn comparison groups by).
 */
import { tierAt, type CostTier, type TierBoundaries } from './cost-tier';

const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(Number((value * factor).toPrecision(15))) / factor;
};

/** Converted referrals over referrals made, fraction 0..1 with four decimals; 0 when none was made. */
export const referralConversionRate = (made: number, converted: number): number => {
  if (!Number.isInteger(made) || made < 0)
    throw new RangeError(`made must be a whole number ≥ 0, got ${made}`);
  if (!Number.isInteger(converted) || converted < 0 || converted > made) {
    throw new RangeError(`converted must be a whole number from 0 to ${made}, got ${converted}`);
  }
  return made === 0 ? 0 : roundTo(converted / made, 4);
};

/** A complaint as far as its cost tier goes: its boundaries, status and final resolution. */
export interface TieredComplaint extends Pick<TierBoundaries, 'tier10From' | 'tier100From'> {
  status: 'open' | 'resolved' | 'withdrawn';
  /** The final resolution (epoch ms); a reopen voids the earlier one. */
  resolvedAt: number | null;
}

/** The tier of one complaint at `now`: resolved ones keep their final tier, open ones accrue, withdrawn have none. */
export const complaintTierAt = (complaint: TieredComplaint, now: number): CostTier | null => {
  if (complaint.status === 'withdrawn') return null;
  if (complaint.status === 'resolved' && complaint.resolvedAt !== null)
    return tierAt(complaint, complaint.resolvedAt);
  return tierAt(complaint, now);
};

/** The worst tier among a customer's resolved and open complaints at `now`; null if none is costed. */
export const worstComplaintTier = (complaints: readonly TieredComplaint[], now: number): CostTier | null => {
  let worst: CostTier | null = null;
  for (const complaint of complaints) {
    const tier = complaintTierAt(complaint, now);
    if (tier !== null && (worst === null || tier > worst)) worst = tier;
  }
  return worst;
};
