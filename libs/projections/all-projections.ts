import type { TenfoldConfig } from '../config/config';
import type { Projection } from './view-store.port';
import { slaProjection } from './sla/sla-projection';

/** Every projection Tenfold keeps, configured from the settings that shape their rows. */
export const allProjections = (config: TenfoldConfig): Projection[] => [
  slaProjection({ timeZone: config.timeZone, calendar: config.calendar, targets: config.slaTargets }),
];
