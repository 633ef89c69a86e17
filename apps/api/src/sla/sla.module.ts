import { Module } from '@nestjs/common';
import { SlaController } from './sla.controller';
import {
  GetAtRiskQueueHandler,
  GetSlaFacetsHandler,
  GetSlaSummaryHandler,
  GetSlaTimelineHandler,
  ListSlaComplaintsHandler,
} from './sla.queries';

@Module({
  controllers: [SlaController],
  providers: [GetSlaSummaryHandler, ListSlaComplaintsHandler, GetAtRiskQueueHandler, GetSlaTimelineHandler, GetSlaFacetsHandler],
})
export class SlaModule {}
