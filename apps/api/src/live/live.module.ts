import { Module } from '@nestjs/common';
import { LiveController } from './live.controller';
import { ProgressFeed } from './progress-feed';

/** `/events/progress`: tells the dashboard when to read the views again. */
@Module({ controllers: [LiveController], providers: [ProgressFeed] })
export class LiveModule {}
