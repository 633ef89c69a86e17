import { Controller, Get, Inject } from '@nestjs/common';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { z } from 'zod';
import { RUNTIME } from '../infrastructure/tokens';
import { ApiDoc } from '../openapi/api-doc.decorator';

export const healthSchema = z
  .object({
    status: z.literal('ok'),
    store: z.enum(['sqlite', 'postgres']),
    projector: z.enum(['thread', 'inline', 'off']),
    projectorRunning: z
      .boolean()
      .nullable()
      .describe(
        'Whether the projector thread is up (false while a crashed one restarts; null unless TENFOLD_PROJECTOR=thread)',
      ),
    headPosition: z.number().int(),
    projectedPosition: z.number().int(),
    lag: z
      .number()
      .int()
      .nullable()
      .describe('Events stored but not yet in the views (null when another process projects)'),
    time: z.iso.datetime(),
  })
  .meta({ id: 'Health' });

@Controller('health')
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** Liveness plus how far the views lag behind the log. */
  @Get()
  @ApiDoc({ summary: 'Liveness, head of the log, how far the views lag', response: healthSchema })
  async health() {
    const head = await this.runtime.store.headPosition();
    const projected = this.runtime.projector.position();
    return {
      status: 'ok',
      store: this.runtime.config.store,
      projector: this.runtime.config.projector,
      projectorRunning: this.runtime.projectorThread ? this.runtime.projectorThread.isRunning : null,
      headPosition: head,
      projectedPosition: projected,
      lag: this.runtime.config.projector !== 'off' ? Math.max(0, head - projected) : null,
      time: new Date().toISOString(),
    };
  }
}
