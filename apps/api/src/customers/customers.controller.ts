import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { customerDetailsSchema } from '../../../../libs/projections/loyalty/loyalty-schemas';
import { asOfSchema } from '../common/as-of';
import { ZodPipe } from '../common/zod-pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { GetCustomerQuery } from './customer.queries';

@Controller('customers')
export class CustomersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiDoc({
    summary: 'A customer: state, stage, level, at-risk reasons and the history of stage changes',
    response: customerDetailsSchema,
    errors: { 404: 'No event of this customer (as of the instant asked)' },
  })
  async get(@Param('id') id: string, @Query(new ZodPipe(asOfSchema)) { asOf }: { asOf?: number }) {
    const customer = await this.queries.execute(new GetCustomerQuery(id, asOf));
    if (!customer) {
      throw new NotFoundException({
        error: 'Not Found',
        reason: 'customer_not_found',
        message: `Customer ${id} is not known`,
      });
    }
    return customer;
  }
}
