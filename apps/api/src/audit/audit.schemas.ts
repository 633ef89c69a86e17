import { z } from 'zod';
import { eventMetadataSchema } from '../../../../libs/domain/shared/event';

/** Response shapes of the audit endpoints (OpenAPI; the openapi e2e test parses real answers with them). */

const chainLink = z
  .object({
    position: z.number().int().describe('Global position the link seals up to'),
    hash: z.string().describe('SHA-256 (hex) of everything up to and including that position'),
    sealedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ChainLink' });

export const auditChainSchema = z
  .object({ head: chainLink.nullable(), headPosition: z.number().int().describe('Head of the log') })
  .meta({ id: 'AuditChain' });

export const auditVerifySchema = z
  .object({
    ok: z.boolean(),
    checkedEvents: z.number().int(),
    checkedLinks: z.number().int(),
    head: chainLink.nullable(),
    firstMismatch: z
      .object({ position: z.number().int(), sealed: z.string(), recomputed: z.string() })
      .optional()
      .describe('The first sealed link the log no longer reproduces'),
  })
  .meta({ id: 'AuditVerify' });

export const auditEventSchema = z
  .object({
    position: z.number().int(),
    streamId: z.string(),
    version: z.number().int(),
    type: z.string(),
    data: z.unknown(),
    metadata: eventMetadataSchema,
  })
  .meta({ id: 'AuditEvent' });

export const auditLogSchema = z
  .object({
    events: z.array(auditEventSchema),
    next: z.number().int().nullable().describe('Pass as `after` for the next page; null on the last one'),
  })
  .meta({ id: 'AuditLogPage' });
