import { z } from 'zod';
import type { ViewStore } from '../view-store.port';
import { conditionsOf, slaFilterSchema, type SlaFilter } from './sla-queries';
import { slaComplaintsView, type SlaRow } from './sla-row';
import type { SlaBucket, SlaTimeline } from './sla-schemas';
import { summarizeSla } from './sla-summary';

export const SLA_BUCKETS = ['day', 'week'] as const;
export type SlaBucketSize = (typeof SLA_BUCKETS)[number];

/** Query of the timeline: the SLA filters plus the bucket size. */
export const slaTimelineQuerySchema = slaFilterSchema.extend({
  bucket: z
    .enum(SLA_BUCKETS)
    .default('day')
    .describe('Group complaints by the day or the ISO week (Monday first) they were raised'),
});

const DAY_MS = 86_400_000;
/** Longest run of buckets answered; older empty buckets beyond it are not padded. */
const MAX_BUCKETS = 3660;

const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The first date of the bucket holding a local date (`YYYY-MM-DD`): the date itself, or the Monday of its ISO week. */
export const bucketStart = (date: string, bucket: SlaBucketSize): string => {
  if (bucket === 'day') return date;
  const ms = dateMs(date);
  const isoWeekday = ((new Date(ms).getUTCDay() + 6) % 7) + 1;
  return dateOf(ms - (isoWeekday - 1) * DAY_MS);
};

/** Group rows by the local date they were raised on; every bucket between the first and the last is present. */
export const bucketRows = (
  rows: SlaRow[],
  bucket: SlaBucketSize,
): Array<{ start: string; rows: SlaRow[] }> => {
  const groups = new Map<string, SlaRow[]>();
  for (const row of rows) {
    const start = bucketStart(row.raisedDate, bucket);
    const group = groups.get(start);
    if (group) group.push(row);
    else groups.set(start, [row]);
  }
  if (groups.size === 0) return [];
  const starts = [...groups.keys()].sort();
  const step = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const last = dateMs(starts[starts.length - 1]);
  const first = Math.max(dateMs(starts[0]), last - (MAX_BUCKETS - 1) * step);
  const result: Array<{ start: string; rows: SlaRow[] }> = [];
  for (let at = first; at <= last; at += step)
    result.push({ start: dateOf(at), rows: groups.get(dateOf(at)) ?? [] });
  return result;
};

/** The SLA summary per day or week of raise, at `now`, over the complaints matching the filter. */
export const slaTimeline = async (
  views: ViewStore,
  filter: SlaFilter,
  bucket: SlaBucketSize,
  now: number,
  options: { unitCost: number; timeZone: string },
): Promise<SlaTimeline> => {
  const rows = await views.query(slaComplaintsView, { where: conditionsOf(filter) });
  const items = bucketRows(rows, bucket).map(({ start, rows: inBucket }): SlaBucket => {
    const { asOf: _asOf, ...summary } = summarizeSla(inBucket, now, options.unitCost);
    return { start, ...summary };
  });
  return {
    bucket,
    timeZone: options.timeZone,
    unitCost: options.unitCost,
    asOf: new Date(now).toISOString(),
    items,
  };
};
