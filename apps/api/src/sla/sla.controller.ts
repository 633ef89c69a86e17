import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { slaFilterSchema, slaListSchema } from '../../../../libs/projections/sla/sla-queries';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { GetAtRiskQueueQuery, GetSlaSummaryQuery, ListSlaComplaintsQuery } from './sla.queries';

export const slaSummaryQuerySchema = slaFilterSchema.extend(asOfSchema.shape);
export const slaListQuerySchema = slaListSchema.extend(asOfSchema.shape);
export const atRiskQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

@Controller('views/sla')
export class SlaController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  summary(@Query(new ZodPipe(slaSummaryQuerySchema)) { asOf, ...filter }: z.infer<typeof slaSummaryQuerySchema>) {
    return this.queries.execute(new GetSlaSummaryQuery(filter, asOf));
  }

  @Get('complaints')
  complaints(@Query(new ZodPipe(slaListQuerySchema)) { asOf, ...query }: z.infer<typeof slaListQuerySchema>) {
    return this.queries.execute(new ListSlaComplaintsQuery(query, asOf));
  }

  @Get('at-risk')
  async atRisk(@Query(new ZodPipe(atRiskQuerySchema)) { limit }: z.infer<typeof atRiskQuerySchema>) {
    return { items: await this.queries.execute(new GetAtRiskQueueQuery(limit)) };
  }
}
