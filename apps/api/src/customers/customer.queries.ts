import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  customerDetails,
  type CustomerDetailsView,
} from '../../../../libs/projections/customer/customer-details';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { viewsAt } from './views-at';

export class GetCustomerQuery extends Query<CustomerDetailsView | null> {
  constructor(
    readonly customerId: string,
    readonly asOf?: number,
  ) {
    super();
  }
}

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery, CustomerDetailsView | null> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ customerId, asOf }: GetCustomerQuery) {
    const views = await viewsAt(this.runtime, 'loyalty', asOf);
    return customerDetails(this.runtime.store, views, customerId, asOf ?? Date.now(), {}, asOf);
  }
}
