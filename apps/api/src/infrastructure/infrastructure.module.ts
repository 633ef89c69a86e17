import { Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type TenfoldConfig } from '../../../../libs/config/config';
import { openRuntime, type Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from './tokens';

/** Provides the Runtime to every feature module; starts the projector and the parking sweeper. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Runtime');
  private sweeper?: NodeJS.Timeout;

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
    const sweep = () =>
      this.runtime.ingestor.sweep().catch((error) => this.logger.error(`parking sweep failed: ${String(error)}`));
    this.sweeper = setInterval(sweep, 5000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.runtime.close();
  }
}
