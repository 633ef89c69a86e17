import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { retentionSummarySchema } from '../../../../libs/projections/retention/retention-schemas';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { GetRetentionSummaryQuery } from './retention.queries';

export const retentionSummaryQuerySchema = asOfSchema;

@Controller('views/retention')
export class RetentionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiDoc({
    summary: 'Referrals, suggestions, complaint → churn (rates 0..1) and the Pareto of customer value',
    response: retentionSummarySchema,
  })
  summary(@Query(new ZodPipe(retentionSummaryQuerySchema)) { asOf }: { asOf?: number }) {
    return this.queries.execute(new GetRetentionSummaryQuery(asOf));
  }
}
