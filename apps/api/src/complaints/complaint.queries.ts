import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { complaintDetails, complaintHistory } from '../../../../libs/projections/complaint/complaint-details';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from '../infrastructure/tokens';

type Details = NonNullable<Awaited<ReturnType<typeof complaintDetails>>>;
type History = Awaited<ReturnType<typeof complaintHistory>>;

export class GetComplaintQuery extends Query<Details | null> {
  constructor(
    readonly complaintId: string,
    readonly asOf?: number,
  ) {
    super();
  }
}

export class GetComplaintHistoryQuery extends Query<History> {
  constructor(
    readonly complaintId: string,
    readonly asOf?: number,
  ) {
    super();
  }
}

@QueryHandler(GetComplaintQuery)
export class GetComplaintHandler implements IQueryHandler<GetComplaintQuery, Details | null> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  execute({ complaintId, asOf }: GetComplaintQuery) {
    const { config, store } = this.runtime;
    const options = { timeZone: config.timeZone, calendar: config.calendar, unitCost: config.unitCost, targets: config.slaTargets };
    return complaintDetails(store, complaintId, asOf ?? Date.now(), options, asOf);
  }
}

@QueryHandler(GetComplaintHistoryQuery)
export class GetComplaintHistoryHandler implements IQueryHandler<GetComplaintHistoryQuery, History> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  execute({ complaintId, asOf }: GetComplaintHistoryQuery) {
    return complaintHistory(this.runtime.store, complaintId, asOf);
  }
}
