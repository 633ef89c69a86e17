import type { TenfoldConfig } from '../config/config';
import type { Projection } from './view-store.port';
import { slaProjection } from './sla/sla-projection';
import { loyaltyProjection } from './loyalty/loyalty-projection';
import { satisfactionProjection } from './satisfaction/satisfaction-projection';
import { retentionProjection } from './retention/retention-projection';

/** Every projection Tenfold keeps, configured from the settings that shape their rows. */
export const allProjections = (config: TenfoldConfig): Projection[] => [
  slaProjection({ timeZone: config.timeZone, calendar: config.calendar, targets: config.slaTargets }),
  loyaltyProjection({ timeZone: config.timeZone, calendar: config.calendar }),
  satisfactionProjection({ timeZone: config.timeZone }),
  retentionProjection({ timeZone: config.timeZone, calendar: config.calendar }),
];
