import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { satisfactionFilterSchema } from '../../../../libs/projections/satisfaction/satisfaction-queries';
import { satisfactionSummarySchema } from '../../../../libs/projections/satisfaction/satisfaction-schemas';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { GetSatisfactionSummaryQuery } from './satisfaction.queries';

export const satisfactionSummaryQuerySchema = satisfactionFilterSchema.extend(asOfSchema.shape);

@Controller('views/satisfaction')
export class SatisfactionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiDoc({
    summary: 'CSAT, NPS, attitude and the complaint iceberg, by month, channel and category',
    response: satisfactionSummarySchema,
  })
  summary(
    @Query(new ZodPipe(satisfactionSummaryQuerySchema))
    { asOf, ...filter }: z.infer<typeof satisfactionSummaryQuerySchema>,
  ) {
    return this.queries.execute(new GetSatisfactionSummaryQuery(filter, asOf));
  }
}
