import { Module } from '@nestjs/common';
import { LoyaltyController } from './loyalty.controller';
import { GetLoyaltySummaryHandler, ListLoyaltyCustomersHandler } from './loyalty.queries';

@Module({
  controllers: [LoyaltyController],
  providers: [GetLoyaltySummaryHandler, ListLoyaltyCustomersHandler],
})
export class LoyaltyModule {}
