import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { slaFilterSchema, slaListSchema } from '../../../../libs/projections/sla/sla-queries';
import {
  atRiskSchema,
  slaFacetsSchema,
  slaPageSchema,
  slaSummarySchema,
  slaTimelineSchema,
} from '../../../../libs/projections/sla/sla-schemas';
import { slaTimelineQuerySchema } from '../../../../libs/projections/sla/sla-timeline';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import {
  GetAtRiskQueueQuery,
  GetSlaFacetsQuery,
  GetSlaSummaryQuery,
  GetSlaTimelineQuery,
  ListSlaComplaintsQuery,
} from './sla.queries';

export const slaSummaryQuerySchema = slaFilterSchema.extend(asOfSchema.shape);
export const slaListQuerySchema = slaListSchema.extend(asOfSchema.shape);
export const slaTimelineHttpQuerySchema = slaTimelineQuerySchema.extend(asOfSchema.shape);
export const atRiskQuerySchema = slaFilterSchema.extend({ limit: z.coerce.number().int().min(1).max(500).default(50) });

@Controller('views/sla')
export class SlaController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiDoc({ summary: 'Complaints per 1:10:100 tier, cost units, SLA breaches, median time to resolve', response: slaSummarySchema })
  summary(@Query(new ZodPipe(slaSummaryQuerySchema)) { asOf, ...filter }: z.infer<typeof slaSummaryQuerySchema>) {
    return this.queries.execute(new GetSlaSummaryQuery(filter, asOf));
  }

  @Get('timeline')
  @ApiDoc({ summary: 'The SLA summary per day or week of raise (cost units over time)', response: slaTimelineSchema })
  timeline(@Query(new ZodPipe(slaTimelineHttpQuerySchema)) { asOf, bucket, ...filter }: z.infer<typeof slaTimelineHttpQuerySchema>) {
    return this.queries.execute(new GetSlaTimelineQuery(filter, bucket, asOf));
  }

  @Get('facets')
  @ApiDoc({ summary: 'Categories, teams and channels complaints carry (the values the filters can take)', response: slaFacetsSchema })
  facets() {
    return this.queries.execute(new GetSlaFacetsQuery());
  }

  @Get('complaints')
  @ApiDoc({ summary: 'Paged complaint rows with tier, cost, breaches and the next deadline', response: slaPageSchema })
  complaints(@Query(new ZodPipe(slaListQuerySchema)) { asOf, ...query }: z.infer<typeof slaListQuerySchema>) {
    return this.queries.execute(new ListSlaComplaintsQuery(query, asOf));
  }

  @Get('at-risk')
  @ApiDoc({ summary: 'Open complaints ordered by time left before they change tier or breach a target', response: atRiskSchema })
  async atRisk(@Query(new ZodPipe(atRiskQuerySchema)) { limit, ...filter }: z.infer<typeof atRiskQuerySchema>) {
    const now = Date.now();
    return { items: await this.queries.execute(new GetAtRiskQueueQuery(limit, filter, now)), asOf: new Date(now).toISOString() };
  }
}
