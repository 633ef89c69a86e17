import { z } from 'zod';
import { severitySchema } from '../../domain/complaint/events';
import { eventMetadataSchema } from '../../domain/shared/event';
import { costTierSchema } from '../sla/sla-schemas';

const isoOrNull = z.iso.datetime({ offset: true }).nullable();

/** `GET /complaints/:id`: the complaint folded from its stream, with tier, cost and SLA at the instant asked. */
export const complaintDetailsSchema = z
  .object({
    complaintId: z.string(),
    customerId: z.string(),
    channel: z.string(),
    category: z.string(),
    severity: severitySchema,
    formal: z.boolean(),
    summary: z.string(),
    raisedAt: z.iso.datetime({ offset: true }),
    acknowledgedAt: isoOrNull,
    assignee: z.string().nullable(),
    team: z.string().nullable(),
    escalationLevel: z.number().int().min(0),
    reopenCount: z.number().int().min(0),
    status: z.enum(['open', 'resolved', 'withdrawn']),
    keyAccount: z.boolean(),
    resolvedAt: isoOrNull,
    resolution: z.string().nullable(),
    withdrawnAt: isoOrNull,
    tier: costTierSchema.nullable(),
    cost: z.number(),
    tier10From: isoOrNull,
    tier100From: isoOrNull,
    sla: z.object({
      acknowledgeBy: isoOrNull,
      resolveBy: isoOrNull,
      breaches: z.object({ acknowledge: z.boolean(), resolve: z.boolean() }),
    }),
    version: z.number().int().min(0),
    lastRecordedAt: z.iso.datetime({ offset: true }),
    asOf: z.iso.datetime(),
  })
  .meta({ id: 'Complaint' });

/** `GET /complaints/:id/history`: the stream's events, oldest first, with their metadata. */
export const complaintHistorySchema = z
  .object({
    complaintId: z.string(),
    events: z.array(
      z
        .object({
          position: z.number().int().describe('Position in the global log'),
          version: z.number().int().describe('0-based position in the stream'),
          type: z.string().describe('Event type, e.g. ComplaintRaised'),
          data: z.record(z.string(), z.unknown()),
          metadata: eventMetadataSchema.meta({ id: 'EventMetadata' }),
        })
        .meta({ id: 'RecordedEvent' }),
    ),
  })
  .meta({ id: 'ComplaintHistory' });
