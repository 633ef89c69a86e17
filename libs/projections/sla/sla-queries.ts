import { z } from 'zod';
import type { ViewStore } from '../view-store.port';
import { conditionsOf, matchesFilter, slaFilterSchema, type SlaFilter } from './sla-filter';
import { slaComplaintsView, type SlaRow } from './sla-row';
import { rowAt, rowTier, type SlaRowAt, type SlaSummary } from './sla-summary';
import { slaSummaryUntil } from './sla-summary-query';

export { conditionsOf, slaFilterSchema, type SlaFilter };

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

/** The SLA summary at `now` over the complaints matching the filter. */
export const slaSummary = async (views: ViewStore, filter: SlaFilter, now: number, unitCost: number): Promise<SlaSummary> =>
  (await slaSummaryUntil(views, filter, now, unitCost)).summary;

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

const atRiskOrder = (a: SlaRowAt, b: SlaRowAt): number =>
  (a.nextDeadlineAt ?? 0) - (b.nextDeadlineAt ?? 0) || a.raisedAt - b.raisedAt || (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0);

/** The rows whose tier, breaches or next deadline can still move at `now` (sla-row.ts `settleAtOf`), matching a filter. */
export const liveRows = async (views: ViewStore, filter: SlaFilter, now: number): Promise<SlaRow[]> =>
  (await views.query(slaComplaintsView, { where: [{ column: 'settle_at', op: '>=', value: now }] })).filter((row) => matchesFilter(row, filter));

/**
 * Open complaints ordered by the time left before they move tier or breach a target; those with
 * nothing ahead (tier 100, breached) first, oldest first. Only the rows still moving at `now` are
 * computed; of the settled ones (nothing ahead) the oldest `limit` are read.
 */
export const atRiskQueue = async (
  views: ViewStore,
  now: number,
  unitCost: number,
  limit: number,
  filter: SlaFilter = {},
): Promise<SlaRowAt[]> => {
  const live = (await liveRows(views, filter, now)).filter((row) => row.status === 'open');
  const moving = new Set(live.map((row) => row.complaintId));
  const oldest = await views.query(slaComplaintsView, {
    where: conditionsOf({ ...filter, status: 'open' }),
    orderBy: [{ column: 'raised_at', direction: 'asc' }],
    limit: limit + live.length,
  });
  return [...live, ...oldest.filter((row) => !moving.has(row.complaintId))]
    .map((r) => rowAt(r, now, unitCost))
    .sort(atRiskOrder)
    .slice(0, limit);
};
