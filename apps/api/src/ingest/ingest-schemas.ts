import { z } from 'zod';
import { dataSchemaOf } from '../../../../libs/domain/events';
import { ENVELOPE_TYPES, envelopeSchema, routeOf } from '../../../../libs/integrations/envelope';

/**
 * The request body as documented: the envelope with, per `type`, the data schema it is validated
 * against. Built from the same zod schemas the ingestor uses (it validates in two steps to name the
 * failing one), so the docs cannot drift from the rules.
 */
const typedEnvelope = z
  .discriminatedUnion(
    'type',
    ENVELOPE_TYPES.map((type) =>
      envelopeSchema
        .extend({ type: z.literal(type), data: dataSchemaOf(routeOf(type).event) })
        .meta({ id: `Envelope.${type}` }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .meta({
    id: 'Envelope',
    description: 'One event from a desk; (source, sourceEventId) is the idempotency key',
  });

export const ingestBodySchema = z.union([typedEnvelope, z.array(typedEnvelope)]);

const issue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string(),
});
const outcome = z.discriminatedUnion('status', [
  z.object({
    index: z.number().int(),
    status: z.literal('accepted'),
    eventId: z.string(),
    streamId: z.string(),
    position: z.number().int().optional(),
    parked: z.boolean().optional().describe('Waiting for the complaint to be raised'),
  }),
  z.object({
    index: z.number().int(),
    status: z.literal('duplicate'),
    eventId: z.string(),
    streamId: z.string(),
    parked: z.boolean().optional(),
  }),
  z.object({
    index: z.number().int(),
    status: z.literal('rejected'),
    reason: z.string(),
    message: z.string(),
    issues: z.array(issue),
  }),
]);

export const ingestReportSchema = z
  .object({
    accepted: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
    projected: z.boolean().describe('Whether the views already include what was accepted'),
    results: z.array(outcome).describe('One answer per item, in order'),
  })
  .meta({ id: 'IngestReport' });
