import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  retentionSummary,
  type RetentionSummary,
} from '../../../../libs/projections/retention/retention-queries';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { viewsAt } from '../customers/views-at';
import { RUNTIME } from '../infrastructure/tokens';

export class GetRetentionSummaryQuery extends Query<RetentionSummary> {
  constructor(readonly asOf?: number) {
    super();
  }
}

@QueryHandler(GetRetentionSummaryQuery)
export class GetRetentionSummaryHandler implements IQueryHandler<GetRetentionSummaryQuery, RetentionSummary> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ asOf }: GetRetentionSummaryQuery) {
    return retentionSummary(await viewsAt(this.runtime, 'retention', asOf), asOf ?? Date.now());
  }
}
