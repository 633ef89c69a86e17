import { Module } from '@nestjs/common';
import { SatisfactionController } from './satisfaction.controller';
import { GetSatisfactionSummaryHandler } from './satisfaction.queries';

@Module({ controllers: [SatisfactionController], providers: [GetSatisfactionSummaryHandler] })
export class SatisfactionModule {}
