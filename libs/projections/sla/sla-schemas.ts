import { z } from 'zod';
import { moneySchema, severitySchema } from '../../domain/complaint/events';

/**
 * Response shapes of the SLA views. The TypeScript types of the summary derive from these
 * schemas, the OpenAPI document is generated from them, and tests parse real answers with them.
 */

const count = z.number().int().min(0);
const epochMs = z.number().int().describe('Epoch milliseconds');
const fraction = z.number().min(0).max(1);
export const costTierSchema = z
  .union([z.literal(1), z.literal(10), z.literal(100)])
  .describe('1:10:100 cost tier');

export const tierCountsSchema = z
  .object({ tier1: count, tier10: count, tier100: count })
  .meta({ id: 'TierCounts', description: 'Complaints per cost tier' });
export type TierCounts = z.infer<typeof tierCountsSchema>;

const summaryFields = {
  complaints: count.describe('Complaints matching the filter'),
  resolved: tierCountsSchema.describe('Resolved complaints per final tier'),
  open: tierCountsSchema.describe('Open complaints per tier reached now'),
  withdrawn: count,
  costUnits: z
    .object({ resolved: z.number(), open: z.number(), total: z.number() })
    .describe('Tier × unit cost'),
  reopened: count,
  escalated: count,
  slaBreaches: count.describe('Complaints that breached at least one SLA target'),
  breaches: z.object({ acknowledge: count, resolve: count }),
  medianHoursToResolve: z
    .number()
    .nullable()
    .describe('Median hours from raise to final resolution (null: none resolved)'),
  sameDayShare: fraction
    .nullable()
    .describe('Share of resolved complaints solved the same day (tier 1), 0..1'),
};

export const slaSummarySchema = z
  .object({ ...summaryFields, asOf: z.iso.datetime().describe('The instant the tiers were computed at') })
  .meta({
    id: 'SlaSummary',
    description: 'Complaints per 1:10:100 tier, cost, SLA breaches and resolution speed',
  });
export type SlaSummary = z.infer<typeof slaSummarySchema>;

export const slaBucketSchema = z
  .object({
    start: z.iso
      .date()
      .describe('First date of the bucket (a Monday for weeks), in the configured time zone'),
    ...summaryFields,
  })
  .meta({
    id: 'SlaTimelineBucket',
    description: 'The SLA summary of the complaints raised in one day or week',
  });
export type SlaBucket = z.infer<typeof slaBucketSchema>;

export const slaTimelineSchema = z
  .object({
    bucket: z.enum(['day', 'week']),
    timeZone: z.string().describe('IANA zone whose calendar dates define the buckets and tiers'),
    unitCost: z.number().positive().describe('Cost of one unit: a complaint costs tier × unitCost'),
    asOf: z.iso.datetime(),
    items: z
      .array(slaBucketSchema)
      .describe('Consecutive buckets from the first to the last raise, empty ones included'),
  })
  .meta({ id: 'SlaTimeline', description: 'Complaints, tiers and cost per day or week of raise' });
export type SlaTimeline = z.infer<typeof slaTimelineSchema>;

const facet = z.array(z.object({ value: z.string(), count }));
export const slaFacetsSchema = z
  .object({
    categories: facet,
    teams: facet,
    channels: facet,
    firstRaisedAt: z.iso.datetime().nullable(),
    lastRaisedAt: z.iso.datetime().nullable(),
  })
  .meta({
    id: 'SlaFacets',
    description: 'The values the SLA filters can take, with how many complaints carry each',
  });
export type SlaFacets = z.infer<typeof slaFacetsSchema>;

export const slaRowAtSchema = z
  .object({
    complaintId: z.string(),
    customerId: z.string(),
    channel: z.string(),
    category: z.string(),
    severity: severitySchema,
    formal: z.boolean(),
    summary: z.string(),
    keyAccount: z.boolean(),
    status: z.enum(['open', 'resolved', 'withdrawn']),
    raisedAt: epochMs,
    raisedDate: z.iso.date(),
    tier10From: epochMs,
    tier100From: epochMs,
    acknowledgeBy: epochMs,
    resolveBy: epochMs,
    acknowledgedAt: epochMs.nullable(),
    firstResponseAt: epochMs.nullable(),
    resolvedAt: epochMs.nullable(),
    withdrawnAt: epochMs.nullable(),
    resolvedTier: costTierSchema.nullable(),
    assignee: z.string().nullable(),
    team: z.string().nullable(),
    escalations: count,
    escalationLevel: count,
    reopenCount: count,
    compensation: z.array(moneySchema),
    lastEventAt: epochMs,
    tier: costTierSchema.nullable().describe('Tier now (open) or final tier (resolved); null when withdrawn'),
    cost: z.number(),
    breaches: z.object({ acknowledge: z.boolean(), resolve: z.boolean() }),
    nextDeadlineAt: epochMs.nullable().describe('Next instant the complaint moves tier or breaches a target'),
    nextDeadline: z.enum(['tier10', 'tier100', 'acknowledge', 'resolve']).nullable(),
  })
  .meta({ id: 'SlaComplaint', description: 'One complaint as the SLA view sees it now' });

export const slaPageSchema = z
  .object({ total: count, limit: count, offset: count, items: z.array(slaRowAtSchema) })
  .meta({ id: 'SlaComplaintPage' });

export const atRiskSchema = z
  .object({
    items: z.array(slaRowAtSchema).describe('Open complaints, the least time left first'),
    asOf: z.iso.datetime().describe('Server time the deadlines were compared with'),
  })
  .meta({ id: 'AtRiskQueue' });
