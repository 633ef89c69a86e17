import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { viewsAsOf } from '../../../../libs/projections/as-of';
import {
  atRiskQueue,
  slaComplaints,
  slaSummary,
  type SlaFilter,
  type SlaListQuery,
} from '../../../../libs/projections/sla/sla-queries';
import { slaFacets } from '../../../../libs/projections/sla/sla-facets';
import type { SlaFacets, SlaTimeline } from '../../../../libs/projections/sla/sla-schemas';
import { slaTimeline, type SlaBucketSize } from '../../../../libs/projections/sla/sla-timeline';
import { SlaSummaryCache } from '../../../../libs/projections/sla/sla-summary-cache';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from '../infrastructure/tokens';

type Summary = Awaited<ReturnType<typeof slaSummary>>;
type Page = Awaited<ReturnType<typeof slaComplaints>>;
type Queue = Awaited<ReturnType<typeof atRiskQueue>>;

export class GetSlaSummaryQuery extends Query<Summary> {
  constructor(
    readonly filter: SlaFilter,
    readonly asOf?: number,
  ) {
    super();
  }
}
export class ListSlaComplaintsQuery extends Query<Page> {
  constructor(
    readonly query: SlaListQuery,
    readonly asOf?: number,
  ) {
    super();
  }
}
export class GetAtRiskQueueQuery extends Query<Queue> {
  constructor(
    readonly limit: number,
    readonly filter: SlaFilter = {},
    readonly now: number = Date.now(),
  ) {
    super();
  }
}
export class GetSlaTimelineQuery extends Query<SlaTimeline> {
  constructor(
    readonly filter: SlaFilter,
    readonly bucket: SlaBucketSize,
    readonly asOf?: number,
  ) {
    super();
  }
}
export class GetSlaFacetsQuery extends Query<SlaFacets> {}

/** The live views, or the views folded from the log as of an instant. */
const viewsFor = (runtime: Runtime, asOf?: number) =>
  asOf === undefined ? runtime.views : viewsAsOf(runtime.store, runtime.projector.projections, asOf);

@QueryHandler(GetSlaSummaryQuery)
export class GetSlaSummaryHandler implements IQueryHandler<GetSlaSummaryQuery, Summary> {
  private readonly cache = new SlaSummaryCache();

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ filter, asOf }: GetSlaSummaryQuery) {
    const { unitCost } = this.runtime.config;
    if (asOf === undefined) return this.cache.summary(this.runtime.views, filter, Date.now(), unitCost);
    return slaSummary(await viewsFor(this.runtime, asOf), filter, asOf, unitCost);
  }
}

@QueryHandler(ListSlaComplaintsQuery)
export class ListSlaComplaintsHandler implements IQueryHandler<ListSlaComplaintsQuery, Page> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ query, asOf }: ListSlaComplaintsQuery) {
    return slaComplaints(await viewsFor(this.runtime, asOf), query, asOf ?? Date.now(), this.runtime.config.unitCost);
  }
}

@QueryHandler(GetAtRiskQueueQuery)
export class GetAtRiskQueueHandler implements IQueryHandler<GetAtRiskQueueQuery, Queue> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  execute({ limit, filter, now }: GetAtRiskQueueQuery) {
    return atRiskQueue(this.runtime.views, now, this.runtime.config.unitCost, limit, filter);
  }
}

@QueryHandler(GetSlaTimelineQuery)
export class GetSlaTimelineHandler implements IQueryHandler<GetSlaTimelineQuery, SlaTimeline> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ filter, bucket, asOf }: GetSlaTimelineQuery) {
    const { unitCost, timeZone } = this.runtime.config;
    return slaTimeline(await viewsFor(this.runtime, asOf), filter, bucket, asOf ?? Date.now(), { unitCost, timeZone });
  }
}

@QueryHandler(GetSlaFacetsQuery)
export class GetSlaFacetsHandler implements IQueryHandler<GetSlaFacetsQuery, SlaFacets> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  execute() {
    return slaFacets(this.runtime.views);
  }
}
