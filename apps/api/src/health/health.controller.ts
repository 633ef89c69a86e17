import { Controller, Get, Inject } from '@nestjs/common';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from '../infrastructure/tokens';

@Controller('health')
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** Liveness plus how far the views lag behind the log. */
  @Get()
  async health() {
    const head = await this.runtime.store.headPosition();
    const projected = this.runtime.projector.position();
    return {
      status: 'ok',
      store: this.runtime.config.store,
      projector: this.runtime.config.projector,
      headPosition: head,
      projectedPosition: projected,
      lag: this.runtime.config.projector === 'inline' ? Math.max(0, head - projected) : null,
      time: new Date().toISOString(),
    };
  }
}
