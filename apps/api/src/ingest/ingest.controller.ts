import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { CONFIG, type TenfoldConfig } from '../../../../libs/config/config';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { bodyItems } from './ingest-body';
import { IngestEnvelopesCommand, type IngestReport } from './ingest-envelopes.command';
import { ingestBodySchema, ingestReportSchema } from './ingest-schemas';

const VALIDATION_REASONS = new Set(['invalid_envelope', 'invalid_data', 'unknown_type', 'invalid_json']);

@Controller('ingest')
export class IngestController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: TenfoldConfig,
  ) {}

  /**
   * One envelope, a JSON array, or NDJSON. Batches answer 200 with a result per item; a single
   * envelope that is rejected answers 400 (invalid) or 409 (refused by a domain rule).
   */
  @Post()
  @HttpCode(200)
  @ApiDoc({
    summary: 'Ingest desk events: one envelope, a JSON array, or NDJSON',
    description:
      'Each item answers `accepted`, `duplicate` or `rejected` (with a reason and the zod issues). A batch answers 200; ' +
      'a single rejected envelope answers 400 (invalid) or 409 (refused by a rule). NDJSON: one envelope per line with ' +
      '`Content-Type: application/x-ndjson`.',
    body: { schema: ingestBodySchema, extraTypes: ['application/x-ndjson'] },
    response: ingestReportSchema,
    errors: { 409: 'A single envelope refused by a domain rule', 413: 'Body or batch too large' },
  })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestReport> {
    const single = !Array.isArray(body) && typeof body === 'object' && body !== null;
    const report = await this.commands.execute(
      new IngestEnvelopesCommand(bodyItems(body, contentType, this.config.maxBatchItems), 'http'),
    );
    const only = report.results[0];
    if (single && only.status === 'rejected') void reply.status(VALIDATION_REASONS.has(only.reason) ? 400 : 409);
    return report;
  }
}
