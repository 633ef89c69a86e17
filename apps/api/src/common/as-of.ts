import { z } from 'zod';

/** `?asOf=<ISO instant>`: answer with what was recorded by then. */
export const asOfSchema = z.object({
  asOf: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional()
    .describe('Answer as known at this instant (events recorded up to then)'),
});
