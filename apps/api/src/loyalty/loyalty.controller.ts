import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { loyaltyFilterSchema, loyaltyListSchema } from '../../../../libs/projections/loyalty/loyalty-queries';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { GetLoyaltySummaryQuery, ListLoyaltyCustomersQuery } from './loyalty.queries';

export const loyaltySummaryQuerySchema = loyaltyFilterSchema.extend(asOfSchema.shape);
export const loyaltyListQuerySchema = loyaltyListSchema.extend(asOfSchema.shape);

@Controller('views/loyalty')
export class LoyaltyController {
  constructor(private readonly queries: QueryBus) {}

  /** Customers per stage and level, at-risk count and the stage-transition funnel. */
  @Get('summary')
  summary(@Query(new ZodPipe(loyaltySummaryQuerySchema)) { asOf, ...filter }: z.infer<typeof loyaltySummaryQuerySchema>) {
    return this.queries.execute(new GetLoyaltySummaryQuery(filter, asOf));
  }

  /** Customers with their stage, level and at-risk reasons, filtered and paged. */
  @Get('customers')
  customers(@Query(new ZodPipe(loyaltyListQuerySchema)) { asOf, ...query }: z.infer<typeof loyaltyListQuerySchema>) {
    return this.queries.execute(new ListLoyaltyCustomersQuery(query, asOf));
  }
}
