import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CONFIG, type TenfoldConfig } from '../../../../libs/config/config';
import { startPolicySweeps } from '../../../../libs/runtime/policy-sweeps';
import { openRuntime, type Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from './tokens';

/** Provides the Runtime to every feature module; starts the projector (inline or in its thread) and the sweeps. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Runtime');
  private stopSweeps?: () => void;

  static forConfig(config: TenfoldConfig) {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: RUNTIME,
          useFactory: () =>
            openRuntime(
              config,
              {
                error: (message, context) => new Logger('Projector').error({ message, ...context }),
                log: (message, context) => new Logger('Projector').log({ message, ...context }),
              },
              { projectorThread: true, writerThread: true },
            ),
        },
      ],
      exports: [CONFIG, RUNTIME],
    };
  }

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { projector } = this.runtime.config;
    const logger = {
      error: (message: string, context?: Record<string, unknown>) =>
        this.logger.error({ message, ...context }),
    };
    if (projector === 'inline') {
      await this.runtime.projector.start();
      this.stopSweeps = startPolicySweeps(this.runtime, logger);
    } else if (projector === 'thread') {
      // The worker thread seals the audit chain and sweeps auto-escalations; parked envelopes stay with ingestion.
      await this.runtime.projector.start();
      this.stopSweeps = startPolicySweeps(this.runtime, logger, { parkingMs: 5000, escalationMs: null });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopSweeps?.();
    await this.runtime.close();
  }
}
