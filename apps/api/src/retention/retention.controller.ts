import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { GetRetentionSummaryQuery } from './retention.queries';

export const retentionSummaryQuerySchema = asOfSchema;

@Controller('views/retention')
export class RetentionController {
  constructor(private readonly queries: QueryBus) {}

  /** Referrals, suggestions, complaint → churn and the Pareto of customer value. */
  @Get('summary')
  summary(@Query(new ZodPipe(retentionSummaryQuerySchema)) { asOf }: { asOf?: number }) {
    return this.queries.execute(new GetRetentionSummaryQuery(asOf));
  }
}
