import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  loyaltyCustomers,
  loyaltySummary,
  type LoyaltyFilter,
  type LoyaltyListQuery,
} from '../../../../libs/projections/loyalty/loyalty-queries';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { viewsAt } from '../customers/views-at';
import { RUNTIME } from '../infrastructure/tokens';

type Summary = Awaited<ReturnType<typeof loyaltySummary>>;
type Page = Awaited<ReturnType<typeof loyaltyCustomers>>;

export class GetLoyaltySummaryQuery extends Query<Summary> {
  constructor(
    readonly filter: LoyaltyFilter,
    readonly asOf?: number,
  ) {
    super();
  }
}

export class ListLoyaltyCustomersQuery extends Query<Page> {
  constructor(
    readonly query: LoyaltyListQuery,
    readonly asOf?: number,
  ) {
    super();
  }
}

@QueryHandler(GetLoyaltySummaryQuery)
export class GetLoyaltySummaryHandler implements IQueryHandler<GetLoyaltySummaryQuery, Summary> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ filter, asOf }: GetLoyaltySummaryQuery) {
    return loyaltySummary(await viewsAt(this.runtime, 'loyalty', asOf), filter, asOf ?? Date.now());
  }
}

@QueryHandler(ListLoyaltyCustomersQuery)
export class ListLoyaltyCustomersHandler implements IQueryHandler<ListLoyaltyCustomersQuery, Page> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ query, asOf }: ListLoyaltyCustomersQuery) {
    return loyaltyCustomers(await viewsAt(this.runtime, 'loyalty', asOf), query, asOf ?? Date.now());
  }
}
