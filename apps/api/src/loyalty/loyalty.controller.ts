import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { loyaltyFilterSchema, loyaltyListSchema } from '../../../../libs/projections/loyalty/loyalty-queries';
import {
  loyaltyPageSchema,
  loyaltySummarySchema,
} from '../../../../libs/projections/loyalty/loyalty-schemas';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { GetLoyaltySummaryQuery, ListLoyaltyCustomersQuery } from './loyalty.queries';

export const loyaltySummaryQuerySchema = loyaltyFilterSchema.extend(asOfSchema.shape);
export const loyaltyListQuerySchema = loyaltyListSchema.extend(asOfSchema.shape);

@Controller('views/loyalty')
export class LoyaltyController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiDoc({
    summary: 'Customers per stage and level, at-risk count and the stage funnel',
    response: loyaltySummarySchema,
  })
  summary(
    @Query(new ZodPipe(loyaltySummaryQuerySchema))
    { asOf, ...filter }: z.infer<typeof loyaltySummaryQuerySchema>,
  ) {
    return this.queries.execute(new GetLoyaltySummaryQuery(filter, asOf));
  }

  @Get('customers')
  @ApiDoc({
    summary: 'Customers with stage, level and at-risk reasons, filtered and paged',
    response: loyaltyPageSchema,
  })
  customers(
    @Query(new ZodPipe(loyaltyListQuerySchema)) { asOf, ...query }: z.infer<typeof loyaltyListQuerySchema>,
  ) {
    return this.queries.execute(new ListLoyaltyCustomersQuery(query, asOf));
  }
}
