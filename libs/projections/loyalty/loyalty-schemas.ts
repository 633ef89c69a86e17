import { z } from 'zod';

/**
 * Response shapes of the loyalty views and `GET /customers/:id`. The OpenAPI document is generated
 * from them, and the e2e test parses real answers with them.
 */

const count = z.number().int().min(0);
const instant = z.iso.datetime();

export const loyaltyStageSchema = z
  .enum(['encounter', 'courtship', 'engaged', 'married', 'lifelong', 'churned'])
  .describe('Relationship stage; churned overrides until reactivated');
export const loyaltyLevelSchema = z.enum(['none', 'normal', 'strong', 'committed']).describe('Loyalty level');
export const atRiskReasonSchema = z
  .enum(['open_complaint_tier_100', 'detractor_nps', 'low_csat'])
  .describe('Why a customer is at risk');

const perStage = z.object({
  encounter: count,
  courtship: count,
  engaged: count,
  married: count,
  lifelong: count,
  churned: count,
});

export const stageHistoryEntrySchema = z
  .object({
    stage: loyaltyStageSchema,
    from: loyaltyStageSchema.nullable().describe('The stage left; null for the first one'),
    at: instant.describe('Business time the stage was entered'),
    cause: z.string().describe('The event type that moved the stage, or `time` when the passage of time did'),
  })
  .meta({ id: 'StageHistoryEntry', description: 'A stage a customer entered, when and why' });

export const loyaltySummarySchema = z
  .object({
    customers: count.describe('Customers with at least one event of their own'),
    stages: perStage.describe('Customers per stage now'),
    levels: z
      .object({ none: count, normal: count, strong: count, committed: count })
      .describe('Customers per level now'),
    atRisk: count.describe('Customers with at least one at-risk reason now'),
    atRiskReasons: z
      .object({ open_complaint_tier_100: count, detractor_nps: count, low_csat: count })
      .describe('Customers per at-risk reason'),
    transitions: z
      .array(z.object({ from: loyaltyStageSchema, to: loyaltyStageSchema, count: count.min(1) }))
      .describe('Stage changes from → to over every history up to now (the funnel flows)'),
    reached: perStage.describe('Customers who ever entered each stage'),
    asOf: instant.describe('The instant stages were judged at'),
  })
  .meta({
    id: 'LoyaltySummary',
    description: 'Customers per stage and level, at-risk count and the stage funnel',
  });

export const loyaltyItemSchema = z
  .object({
    customerId: z.string(),
    name: z.string().nullable(),
    segment: z.string().nullable(),
    keyAccount: z.boolean(),
    registered: z.boolean(),
    stage: loyaltyStageSchema,
    level: loyaltyLevelSchema,
    atRisk: z.boolean(),
    atRiskReasons: z.array(atRiskReasonSchema),
    stageSince: instant.nullable().describe('When the current stage was entered'),
    nextChangeAt: instant.nullable().describe('Next instant stage, level or risk change with no new event'),
    purchases: count,
  })
  .meta({ id: 'LoyaltyCustomer', description: 'A customer with stage, level and at-risk reasons now' });

export const loyaltyPageSchema = z
  .object({ total: count, limit: count, offset: count, items: z.array(loyaltyItemSchema), asOf: instant })
  .meta({ id: 'LoyaltyCustomerPage' });

export const customerDetailsSchema = z
  .object({
    customerId: z.string(),
    registered: z.boolean().describe('False for a customer known by id alone'),
    name: z.string().nullable(),
    segment: z.string().nullable(),
    keyAccount: z.boolean(),
    partnership: z.enum(['none', 'engaged', 'married']),
    referrals: z
      .record(z.string(), z.string().nullable())
      .describe('referralId → the new customer, or null while pending'),
    status: z.enum(['active', 'churned']),
    churnedAt: z.iso.datetime({ offset: true }).nullable(),
    stage: loyaltyStageSchema,
    level: loyaltyLevelSchema,
    atRisk: z.boolean(),
    atRiskReasons: z.array(atRiskReasonSchema),
    stageSince: instant.nullable(),
    nextChangeAt: instant.nullable(),
    history: z
      .array(stageHistoryEntrySchema)
      .describe('Stage changes, oldest first, time-driven ones included'),
    purchases: z.object({
      count,
      total: z.number().describe('Sum of amounts, currencies added as they come'),
    }),
    referralCounts: z.object({ made: count, converted: count }),
    complaints: z.object({ total: count, open: count }),
    version: count.describe("Version of the customer stream's last event"),
    lastRecordedAt: z.iso.datetime({ offset: true }),
    asOf: instant,
  })
  .meta({
    id: 'CustomerDetails',
    description: 'A customer: state, stage, level, at-risk reasons and stage history',
  });
