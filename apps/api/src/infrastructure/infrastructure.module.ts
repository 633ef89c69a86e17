import { Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type TenfoldConfig } from '../../../../libs/config/config';
import { startPolicySweeps } from '../../../../libs/runtime/policy-sweeps';
import { openRuntime, type Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from './tokens';

/** Provides the Runtime to every feature module; starts the projector and the parking sweeper. */
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
            openRuntime(config, {
              error: (message, context) => new Logger('Projector').error({ message, ...context }),
            }),
        },
      ],
      exports: [CONFIG, RUNTIME],
    };
  }

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.runtime.config.projector === 'inline') {
      await this.runtime.projector.start();
      await this.runtime.auditChain.start();
    }
    if (this.runtime.config.projector === 'inline') {
      this.stopSweeps = startPolicySweeps(this.runtime, { error: (message, context) => this.logger.error({ message, ...context }) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopSweeps?.();
    await this.runtime.close();
  }
}
