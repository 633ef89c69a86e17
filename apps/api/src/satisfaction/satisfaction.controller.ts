import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { satisfactionFilterSchema } from '../../../../libs/projections/satisfaction/satisfaction-queries';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { GetSatisfactionSummaryQuery } from './satisfaction.queries';

export const satisfactionSummaryQuerySchema = satisfactionFilterSchema.extend(asOfSchema.shape);

@Controller('views/satisfaction')
export class SatisfactionController {
  constructor(private readonly queries: QueryBus) {}

  /** CSAT, NPS, attitude and the complaint iceberg, by month, channel and category. */
  @Get('summary')
  summary(
    @Query(new ZodPipe(satisfactionSummaryQuerySchema)) { asOf, ...filter }: z.infer<typeof satisfactionSummaryQuerySchema>,
  ) {
    return this.queries.execute(new GetSatisfactionSummaryQuery(filter, asOf));
  }
}
