import type { TenfoldConfig } from '../config/config';
import type { Projection } from './view-store.port';
import { slaProjection } from './sla/sla-projection';
import { loyaltyProjection } from './loyalty/loyalty-projection';
import { satisfactionProjection } from './satisfaction/satisfaction-projection';
import { retentionProjection } from './retention/retention-projection';

/**
 * Every projection Tenfold keeps, configured from the settings that shape their rows. Rebuild
 * weights: the CPU each one took to rebuild alone over the bench's 1M events, less the log read
 * (SLA 13.7 s, loyalty 10.8 s, retention 5.6 s, satisfaction 2.4 s on a 2-core AMD EPYC VM).
 */
export const allProjections = (config: TenfoldConfig): Projection[] => [
  {
    ...slaProjection({ timeZone: config.timeZone, calendar: config.calendar, targets: config.slaTargets }),
    rebuildWeight: 5,
  },
  { ...loyaltyProjection({ timeZone: config.timeZone, calendar: config.calendar }), rebuildWeight: 4 },
  { ...satisfactionProjection({ timeZone: config.timeZone }), rebuildWeight: 1 },
  { ...retentionProjection({ timeZone: config.timeZone, calendar: config.calendar }), rebuildWeight: 2 },
];
