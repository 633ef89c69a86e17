import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { GetRetentionSummaryHandler } from './retention.queries';

@Module({ controllers: [RetentionController], providers: [GetRetentionSummaryHandler] })
export class RetentionModule {}
