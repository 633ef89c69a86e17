import { z } from 'zod';
import type { Condition, ViewStore } from '../view-store.port';
import { slaComplaintsView } from './sla-row';
import { rowAt, rowTier, summarizeSla, type SlaRowAt, type SlaSummary } from './sla-summary';

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

export const SLA_SORTS = ['raisedAt', 'resolvedAt', 'resolveBy', 'severity', 'category', 'status'] as const;
const sortColumns: Record<(typeof SLA_SORTS)[number], string> = {
  raisedAt: 'raised_at',
  resolvedAt: 'resolved_at',
  resolveBy: 'resolve_by',
  severity: 'severity',
  category: 'category',
  status: 'status',
};

export const slaListSchema = slaFilterSchema.extend({
  status: z.enum(['open', 'resolved', 'withdrawn']).optional(),
  tier: z.coerce.number().pipe(z.union([z.literal(1), z.literal(10), z.literal(100)])).optional(),
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  sort: z.enum(SLA_SORTS).default('raisedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SlaListQuery = z.infer<typeof slaListSchema>;

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

/** The SLA summary at `now` over the complaints matching the filter. */
export const slaSummary = async (views: ViewStore, filter: SlaFilter, now: number, unitCost: number): Promise<SlaSummary> =>
  summarizeSla(await views.query(slaComplaintsView, { where: conditionsOf(filter) }), now, unitCost);

/** A page of SLA rows at `now`. Tier and breach filters depend on `now`, so they are applied after the read. */
export const slaComplaints = async (
  views: ViewStore,
  query: SlaListQuery,
  now: number,
  unitCost: number,
): Promise<{ total: number; limit: number; offset: number; items: SlaRowAt[] }> => {
  const where = conditionsOf(query);
  const orderBy = [{ column: sortColumns[query.sort], direction: query.order }];
  if (query.tier === undefined && query.breached === undefined) {
    const [total, rows] = await Promise.all([
      views.count(slaComplaintsView, where),
      views.query(slaComplaintsView, { where, orderBy, limit: query.limit, offset: query.offset }),
    ]);
    return { total, limit: query.limit, offset: query.offset, items: rows.map((r) => rowAt(r, now, unitCost)) };
  }
  const matching = (await views.query(slaComplaintsView, { where, orderBy }))
    .filter((r) => query.tier === undefined || rowTier(r, now) === query.tier)
    .map((r) => rowAt(r, now, unitCost))
    .filter((r) => query.breached === undefined || (r.breaches.acknowledge || r.breaches.resolve) === query.breached);
  return {
    total: matching.length,
    limit: query.limit,
    offset: query.offset,
    items: matching.slice(query.offset, query.offset + query.limit),
  };
};

/** Open complaints ordered by the time left before they move tier or breach a target; those with nothing ahead (tier 100, breached) first. */
export const atRiskQueue = async (
  views: ViewStore,
  now: number,
  unitCost: number,
  limit: number,
  filter: SlaFilter = {},
): Promise<SlaRowAt[]> =>
  (await views.query(slaComplaintsView, { where: conditionsOf({ ...filter, status: 'open' }) }))
    .map((r) => rowAt(r, now, unitCost))
    .sort((a, b) => (a.nextDeadlineAt ?? 0) - (b.nextDeadlineAt ?? 0) || a.raisedAt - b.raisedAt)
    .slice(0, limit);
