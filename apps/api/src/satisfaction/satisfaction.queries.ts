import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEFAULT_SATISFACTION_THRESHOLDS } from '../../../../libs/domain/policies/satisfaction';
import {
  satisfactionSummary,
  type SatisfactionFilter,
  type SatisfactionView,
} from '../../../../libs/projections/satisfaction/satisfaction-queries';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { viewsAt } from '../customers/views-at';
import { RUNTIME } from '../infrastructure/tokens';

export class GetSatisfactionSummaryQuery extends Query<SatisfactionView> {
  constructor(
    readonly filter: SatisfactionFilter,
    readonly asOf?: number,
  ) {
    super();
  }
}

@QueryHandler(GetSatisfactionSummaryQuery)
export class GetSatisfactionSummaryHandler implements IQueryHandler<
  GetSatisfactionSummaryQuery,
  SatisfactionView
> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ filter, asOf }: GetSatisfactionSummaryQuery) {
    const settings = {
      icebergRatios: this.runtime.config.icebergRatios,
      thresholds: DEFAULT_SATISFACTION_THRESHOLDS,
    };
    return satisfactionSummary(
      await viewsAt(this.runtime, 'satisfaction', asOf),
      filter,
      asOf ?? Date.now(),
      settings,
    );
  }
}
