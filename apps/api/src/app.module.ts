import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditController } from './audit/audit.controller';
import { CqrsModule } from '@nestjs/cqrs';
import type { TenfoldConfig } from '../../../libs/config/config';
import { HttpErrorFilter } from './common/http-error.filter';
import { ComplaintsModule } from './complaints/complaints.module';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { HealthController } from './health/health.controller';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { IngestController } from './ingest/ingest.controller';
import { IngestEnvelopesHandler } from './ingest/ingest-envelopes.command';
import { SlaModule } from './sla/sla.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { LiveModule } from './live/live.module';
import { OpenApiModule } from './openapi/openapi.module';
import { CustomersModule } from './customers/customers.module';
import { LoyaltyModule } from './loyalty/loyalty.module';
import { SatisfactionModule } from './satisfaction/satisfaction.module';
import { RetentionModule } from './retention/retention.module';

@Module({})
export class AppModule {
  static forConfig(config: TenfoldConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forConfig(config),
        ComplaintsModule,
        SlaModule,
        CustomersModule,
        LoyaltyModule,
        SatisfactionModule,
        RetentionModule,
        LiveModule,
        OpenApiModule,
        DashboardModule,
      ],
      controllers: [IngestController, DeadLettersController, HealthController, AuditController],
      providers: [IngestEnvelopesHandler, { provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
