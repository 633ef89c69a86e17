import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { ZodPipe } from '../common/zod-pipe';
import { RUNTIME } from '../infrastructure/tokens';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { auditChainSchema, auditEventSchema, auditLogSchema, auditVerifySchema } from './audit.schemas';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .optional();

export const auditLogQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('Global position to read after'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  types: csv.describe('Comma-separated event types, e.g. ComplaintResolved,ComplaintReopened'),
  stream: z.string().min(1).optional().describe('Stream id or prefix, e.g. complaint-C-1042 or customer-'),
  asOf: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional()
    .describe('Only events recorded up to this instant'),
});
type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditExportQuerySchema = auditLogQuerySchema.omit({ limit: true });

const shape = (e: Awaited<ReturnType<Runtime['store']['readAll']>>[number]) => ({
  position: e.globalPosition,
  streamId: e.streamId,
  version: e.streamVersion,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

/** Audit: the global log, filtered, paged or exported whole as NDJSON. */
@Controller('audit')
export class AuditController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  private read(q: Omit<AuditLogQuery, 'limit'>, after: number, limit: number) {
    return this.runtime.store.readAll({
      after,
      limit,
      ...(q.types ? { types: q.types } : {}),
      ...(q.stream ? { streamPrefix: q.stream } : {}),
      ...(q.asOf !== undefined ? { recordedUpTo: q.asOf } : {}),
    });
  }

  /** The head of the hash chain that seals the log. */
  @Get('chain')
  @ApiDoc({ summary: 'The head of the hash chain that seals the log', response: auditChainSchema })
  async chain() {
    return { head: await this.runtime.auditChain.head(), headPosition: await this.runtime.store.headPosition() };
  }

  /** Recompute the chain from the log and compare it with every sealed link. */
  @Get('verify')
  @ApiDoc({ summary: 'Recompute the chain from the log and name the first broken link', response: auditVerifySchema })
  verify() {
    return this.runtime.auditChain.verify();
  }

  @Get('log')
  @ApiDoc({ summary: 'The global log, paged and filtered', response: auditLogSchema })
  async log(@Query(new ZodPipe(auditLogQuerySchema)) query: AuditLogQuery) {
    const events = await this.read(query, query.after, query.limit);
    const last = events[events.length - 1];
    return { events: events.map(shape), next: events.length === query.limit && last ? last.globalPosition : null };
  }

  /** Every matching event as one JSON line each, streamed in pages so memory stays flat. */
  @Get('export')
  @ApiDoc({
    summary: 'Every matching event as NDJSON (a download)',
    content: { type: 'application/x-ndjson', description: 'One AuditEvent per line', schema: auditEventSchema },
  })
  async export(
    @Query(new ZodPipe(auditExportQuerySchema)) query: z.infer<typeof auditExportQuerySchema>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    reply.raw.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': 'attachment; filename="tenfold-events.ndjson"',
    });
    let after = query.after;
    for (;;) {
      const events = await this.read(query, after, 1000);
      if (events.length === 0) break;
      const chunk = events.map((e) => JSON.stringify(shape(e))).join('\n') + '\n';
      if (!reply.raw.write(chunk)) await new Promise((resolve) => reply.raw.once('drain', resolve));
      after = events[events.length - 1].globalPosition;
    }
    reply.raw.end();
  }
}
