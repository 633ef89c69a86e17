import { Module } from '@nestjs/common';
import { SlaController } from './sla.controller';
import { GetAtRiskQueueHandler, GetSlaSummaryHandler, ListSlaComplaintsHandler } from './sla.queries';

@Module({ controllers: [SlaController], providers: [GetSlaSummaryHandler, ListSlaComplaintsHandler, GetAtRiskQueueHandler] })
export class SlaModule {}
