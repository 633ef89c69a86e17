import { z } from 'zod';
import type {
  AtRiskReason,
  LoyaltyLevel,
  LoyaltyOptions,
  LoyaltyStage,
} from '../../domain/policies/loyalty-stage';
import {
  countStageTransitions,
  STAGE_ORDER,
  type StageTransitionCount,
} from '../../domain/policies/stage-history';
import type { Condition, ViewStore } from '../view-store.port';
import { loyaltyCustomersView, type LoyaltyRow, type StageHistoryEntry } from './loyalty-row';
import { loyaltyAt, nextLoyaltyChangeAt, type LoyaltyAt } from './loyalty-status';

export const LOYALTY_STAGES = STAGE_ORDER as readonly LoyaltyStage[];
export const LOYALTY_LEVELS: readonly LoyaltyLevel[] = ['none', 'normal', 'strong', 'committed'];
export const AT_RISK_REASONS: readonly AtRiskReason[] = [
  'open_complaint_tier_100',
  'detractor_nps',
  'low_csat',
];

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters on what the loyalty view stores (not on what depends on `now`). */
export const loyaltyFilterSchema = z.object({
  segment: z.string().min(1).optional().describe('Only customers of this segment'),
  keyAccount: flag.optional().describe('Only key accounts (true) or only the others (false)'),
});
export type LoyaltyFilter = z.infer<typeof loyaltyFilterSchema>;

export const loyaltyListSchema = loyaltyFilterSchema.extend({
  stage: z.enum(LOYALTY_STAGES as [LoyaltyStage, ...LoyaltyStage[]]).optional(),
  level: z.enum(LOYALTY_LEVELS as [LoyaltyLevel, ...LoyaltyLevel[]]).optional(),
  atRisk: flag.optional().describe('Only customers at risk (true) or not at risk (false)'),
  reason: z
    .enum(AT_RISK_REASONS as [AtRiskReason, ...AtRiskReason[]])
    .optional()
    .describe('Only customers at risk for this reason'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type LoyaltyListQuery = z.infer<typeof loyaltyListSchema>;

const iso = (millis: number | null): string | null =>
  millis === null ? null : new Date(millis).toISOString();

/** A history entry as callers see it (ISO instants). */
export const historyEntryJson = (entry: StageHistoryEntry) => ({
  stage: entry.stage,
  from: entry.from,
  at: new Date(entry.at).toISOString(),
  cause: entry.cause,
});

export interface LoyaltySummary {
  customers: number;
  stages: Record<LoyaltyStage, number>;
  levels: Record<LoyaltyLevel, number>;
  atRisk: number;
  atRiskReasons: Record<AtRiskReason, number>;
  /** Stage changes from → to over every customer's history up to now (the funnel's flows). */
  transitions: StageTransitionCount[];
  /** Customers who have ever entered each stage. */
  reached: Record<LoyaltyStage, number>;
  asOf: string;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const BY_KEY = [{ column: 'key', direction: 'asc' as const }];

const conditionsOf = (filter: LoyaltyFilter): Condition[] => {
  const where: Condition[] = [{ column: 'known', op: '=', value: 1 }];
  if (filter.segment !== undefined) where.push({ column: 'segment', op: '=', value: filter.segment });
  if (filter.keyAccount !== undefined)
    where.push({ column: 'key_account', op: '=', value: filter.keyAccount ? 1 : 0 });
  return where;
};

/** Aggregate customers' loyalty at `now` (pure, for tests and for the query below). */
export const summarizeLoyalty = (
  rows: Iterable<LoyaltyRow>,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): LoyaltySummary => {
  const summary: LoyaltySummary = {
    customers: 0,
    stages: zeros(LOYALTY_STAGES),
    levels: zeros(LOYALTY_LEVELS),
    atRisk: 0,
    atRiskReasons: zeros(AT_RISK_REASONS),
    transitions: [],
    reached: zeros(LOYALTY_STAGES),
    asOf: new Date(now).toISOString(),
  };
  const histories: StageHistoryEntry[][] = [];
  for (const row of rows) {
    if (!row.known) continue;
    const at = loyaltyAt(row, now, options);
    summary.customers++;
    summary.stages[at.stage]++;
    summary.levels[at.level]++;
    if (at.atRiskReasons.length > 0) summary.atRisk++;
    for (const reason of at.atRiskReasons) summary.atRiskReasons[reason]++;
    for (const stage of new Set(at.history.map((h) => h.stage))) summary.reached[stage]++;
    histories.push(at.history);
  }
  summary.transitions = countStageTransitions(histories);
  return summary;
};

/** The loyalty summary at `now` over the customers matching the filter. */
export const loyaltySummary = async (
  views: ViewStore,
  filter: LoyaltyFilter,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): Promise<LoyaltySummary> =>
  summarizeLoyalty(await views.query(loyaltyCustomersView, { where: conditionsOf(filter) }), now, options);

/** One customer in the loyalty list. */
export const loyaltyItem = (row: LoyaltyRow, at: LoyaltyAt, nextChangeAt: number | null) => ({
  customerId: row.customerId,
  name: row.name,
  segment: row.segment,
  keyAccount: row.keyAccount,
  registered: row.registered,
  stage: at.stage,
  level: at.level,
  atRisk: at.atRiskReasons.length > 0,
  atRiskReasons: at.atRiskReasons,
  stageSince: iso(at.stageSince),
  nextChangeAt: iso(nextChangeAt),
  purchases: row.purchases.length,
});
export type LoyaltyItem = ReturnType<typeof loyaltyItem>;

/** A page of customers with their loyalty at `now`, ordered by customer id; stage/level/risk filters apply after the read. */
export const loyaltyCustomers = async (
  views: ViewStore,
  query: LoyaltyListQuery,
  now: number,
  options: Partial<LoyaltyOptions> = {},
): Promise<{ total: number; limit: number; offset: number; items: LoyaltyItem[]; asOf: string }> => {
  const rows = await views.query(loyaltyCustomersView, { where: conditionsOf(query), orderBy: BY_KEY });
  const matching = rows
    .map((row) => ({ row, at: loyaltyAt(row, now, options) }))
    .filter(
      ({ at }) =>
        (query.stage === undefined || at.stage === query.stage) &&
        (query.level === undefined || at.level === query.level) &&
        (query.atRisk === undefined || at.atRiskReasons.length > 0 === query.atRisk) &&
        (query.reason === undefined || at.atRiskReasons.includes(query.reason)),
    );
  return {
    total: matching.length,
    limit: query.limit,
    offset: query.offset,
    items: matching
      .slice(query.offset, query.offset + query.limit)
      .map(({ row, at }) => loyaltyItem(row, at, nextLoyaltyChangeAt(row, now, options))),
    asOf: new Date(now).toISOString(),
  };
};
