import { z } from 'zod';
import type { Condition } from '../view-store.port';
import type { SlaRow } from './sla-row';

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** Filters shared by the SLA summary and the complaint list. `from`/`to` bound the raise time. */
export const slaFilterSchema = z.object({
  from: instant.optional().describe('Raised at or after this instant'),
  to: instant.optional().describe('Raised before this instant'),
  category: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  channel: z.string().min(1).optional(),
  severity: z.enum(['low', 'normal', 'high', 'critical']).optional(),
  customerId: z.string().min(1).optional(),
});
export type SlaFilter = z.infer<typeof slaFilterSchema>;

/** The view conditions a filter stands for (raise-time bounds and equality on the other fields). */
export const conditionsOf = (filter: SlaFilter & { status?: string }): Condition[] => {
  const where: Condition[] = [];
  if (filter.from !== undefined) where.push({ column: 'raised_at', op: '>=', value: filter.from });
  if (filter.to !== undefined) where.push({ column: 'raised_at', op: '<', value: filter.to });
  const equal: Array<[string, string | undefined]> = [
    ['category', filter.category],
    ['team', filter.team],
    ['channel', filter.channel],
    ['severity', filter.severity],
    ['customer_id', filter.customerId],
    ['status', filter.status],
  ];
  for (const [column, value] of equal) if (value !== undefined) where.push({ column, op: '=', value });
  return where;
};

/** Whether a row matches a filter: `conditionsOf` evaluated on the row itself. */
export const matchesFilter = (row: SlaRow, filter: SlaFilter): boolean =>
  (filter.from === undefined || row.raisedAt >= filter.from) &&
  (filter.to === undefined || row.raisedAt < filter.to) &&
  (filter.category === undefined || row.category === filter.category) &&
  (filter.team === undefined || row.team === filter.team) &&
  (filter.channel === undefined || row.channel === filter.channel) &&
  (filter.severity === undefined || row.severity === filter.severity) &&
  (filter.customerId === undefined || row.customerId === filter.customerId);
