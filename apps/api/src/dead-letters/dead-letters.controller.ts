import { Body, Controller, Get, Inject, NotFoundException, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { retryDeadLetter } from '../../../../libs/ingestion/dead-letter-retry';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { ZodPipe } from '../common/zod-pipe';
import { RUNTIME } from '../infrastructure/tokens';
import { ApiDoc } from '../openapi/api-doc.decorator';

export const deadLetterListSchema = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const deadLetterSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['open', 'resolved']),
    origin: z.enum(['http', 'kafka', 'retry']),
    idempotencyKey: z.string().nullable(),
    payload: z.string().describe('The message as received'),
    reason: z.string(),
    message: z.string(),
    issues: z.array(z.unknown()),
    createdAt: z.number().int().describe('Epoch milliseconds'),
    locator: z.string().nullable().optional().describe('Where it came from, e.g. tenfold.ingest.v1/2@1045'),
    attempts: z.number().int(),
    lastAttemptAt: z.number().int().nullable(),
    lastOutcome: z.string().nullable(),
  })
  .meta({ id: 'DeadLetter' });
const deadLetterPageSchema = z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(deadLetterSchema) });
const retrySchema = z.object({ id: z.number().int(), outcome: z.looseObject({ status: z.string() }), deadLetter: deadLetterSchema.nullable() });

/** Dead letters: envelopes that could not be stored, with the reason, listable and retryable. */
@Controller('dead-letters')
export class DeadLettersController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  @ApiDoc({ summary: 'Dead letters with their reasons', response: deadLetterPageSchema })
  list(@Query(new ZodPipe(deadLetterListSchema)) query: z.infer<typeof deadLetterListSchema>) {
    return this.runtime.ledger.listDeadLetters(query).then((page) => ({ ...page, limit: query.limit, offset: query.offset }));
  }

  @Get(':id')
  @ApiDoc({ summary: 'One dead letter', response: deadLetterSchema, errors: { 404: 'No such dead letter' } })
  async get(@Param('id', ParseIntPipe) id: number) {
    const letter = await this.runtime.ledger.getDeadLetter(id);
    if (!letter) throw new NotFoundException({ error: 'Not Found', reason: 'dead_letter_not_found', message: `Dead letter ${id} does not exist` });
    return letter;
  }

  /** Re-submit a dead letter; send a corrected envelope as the body to replace the stored one. */
  @Post(':id/retry')
  @ApiDoc({
    summary: 'Re-submit a dead letter (optionally with a corrected envelope as the body)',
    body: { schema: z.looseObject({}), description: 'A corrected envelope replacing the stored payload', optional: true },
    response: retrySchema,
    errors: { 404: 'No such dead letter' },
  })
  async retry(@Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    const replacement = body && typeof body === 'object' && Object.keys(body).length > 0 ? body : undefined;
    const outcome = await retryDeadLetter(this.runtime.ledger, this.runtime.ingestor, id, Date.now(), replacement);
    return { id, outcome, deadLetter: await this.runtime.ledger.getDeadLetter(id) };
  }
}
