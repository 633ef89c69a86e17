import { Body, Controller, Get, Inject, NotFoundException, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { retryDeadLetter } from '../../../../libs/ingestion/dead-letter-retry';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { ZodPipe } from '../common/zod-pipe';
import { RUNTIME } from '../infrastructure/tokens';

export const deadLetterListSchema = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Dead letters: envelopes that could not be stored, with the reason, listable and retryable. */
@Controller('dead-letters')
export class DeadLettersController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  list(@Query(new ZodPipe(deadLetterListSchema)) query: z.infer<typeof deadLetterListSchema>) {
    return this.runtime.ledger.listDeadLetters(query).then((page) => ({ ...page, limit: query.limit, offset: query.offset }));
  }

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number) {
    const letter = await this.runtime.ledger.getDeadLetter(id);
    if (!letter) throw new NotFoundException({ error: 'Not Found', reason: 'dead_letter_not_found', message: `Dead letter ${id} does not exist` });
    return letter;
  }

  /** Re-submit a dead letter; send a corrected envelope as the body to replace the stored one. */
  @Post(':id/retry')
  async retry(@Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    const replacement = body && typeof body === 'object' && Object.keys(body).length > 0 ? body : undefined;
    const outcome = await retryDeadLetter(this.runtime.ledger, this.runtime.ingestor, id, Date.now(), replacement);
    return { id, outcome, deadLetter: await this.runtime.ledger.getDeadLetter(id) };
  }
}
