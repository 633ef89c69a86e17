/**
 * How a customer's relationship stage moves over time (DESIGN §4), for the stage history a read model keeps.
 *
 * Events change the facts; between events the stage can still change by the mere passage of time: a
 * purchase leaves the 12-month window (engaged → courtship), a marriage reaches two years (married →
 * lifelong). `stageChangesBetween` lists those time-driven changes over an interval with fixed facts.
 */
import {
  loyaltyStage,
  nextStageChangeAt,
  type CustomerFacts,
  type LoyaltyOptions,
  type LoyaltyStage,
} from './loyalty-stage';

/** A stage entered at an instant (epoch ms, business time). */
export interface StageChange {
  at: number;
  stage: LoyaltyStage;
}

/**
 * The stage changes that happen with no new facts after `from` (exclusive) up to `to` (inclusive),
 * oldest first; empty when the stage holds over the whole interval.
 */
export const stageChangesBetween = (
  facts: CustomerFacts,
  from: number,
  to: number,
  options: Partial<LoyaltyOptions> = {},
): StageChange[] => {
  const changes: StageChange[] = [];
  let stage = loyaltyStage(facts, from, options);
  // With every fact dated by `from`, time changes the stage at most once (engaged → courtship as
  // purchases age out, or married → lifelong), so equal stages at both ends mean no change between.
  if (latestFactAt(facts) <= from && loyaltyStage(facts, to, options) === stage) return changes;
  // nextStageChangeAt returns a strictly later instant from a finite set of candidates, so this ends.
  for (let at = from; ;) {
    const next = nextStageChangeAt(facts, at, options);
    if (next === null || next > to) return changes;
    const nextStage = loyaltyStage(facts, next, options);
    if (nextStage !== stage) changes.push({ at: next, stage: nextStage });
    stage = nextStage;
    at = next;
  }
};

const latestFactAt = (facts: CustomerFacts): number => {
  let latest = facts.marriedSince ?? -Infinity;
  for (const p of facts.purchases) if (p.at > latest) latest = p.at;
  for (const s of facts.scores) if (s.at > latest) latest = s.at;
  return latest;
};

/** Counts of stage changes from one stage to another (a funnel), in a stable order. */
export interface StageTransitionCount {
  from: LoyaltyStage;
  to: LoyaltyStage;
  count: number;
}

export const STAGE_ORDER: readonly LoyaltyStage[] = [
  'encounter',
  'courtship',
  'engaged',
  'married',
  'lifelong',
  'churned',
];

/** Count the consecutive stage pairs of several histories (each history oldest first). */
export const countStageTransitions = (
  histories: Iterable<ReadonlyArray<{ stage: LoyaltyStage }>>,
): StageTransitionCount[] => {
  const counts = new Map<string, StageTransitionCount>();
  for (const history of histories) {
    for (let i = 1; i < history.length; i++) {
      const from = history[i - 1].stage;
      const to = history[i].stage;
      if (from === to) continue;
      const key = `${from}>${to}`;
      const entry = counts.get(key) ?? { from, to, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  const rank = (stage: LoyaltyStage): number => STAGE_ORDER.indexOf(stage);
  return [...counts.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
};
