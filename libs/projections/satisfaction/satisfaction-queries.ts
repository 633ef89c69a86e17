import { z } from 'zod';
import {
  complaintIceberg,
  DEFAULT_ICEBERG_RATIOS,
  type ComplaintIceberg,
  type IcebergRatios,
} from '../../domain/policies/iceberg';
import {
  DEFAULT_SATISFACTION_THRESHOLDS,
  summarizeSatisfaction,
  type SatisfactionSummary,
  type SatisfactionThresholds,
} from '../../domain/policies/satisfaction';
import type { Condition, ViewStore } from '../view-store.port';
import {
  satisfactionComplaintsView,
  satisfactionScoresView,
  type SatisfactionComplaintRow,
  type SatisfactionScoreRow,
} from './satisfaction-row';

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** `from`/`to` bound when a score was given and when a complaint was raised (business time). */
export const satisfactionFilterSchema = z.object({
  from: instant.optional().describe('Scores given and complaints raised at or after this instant'),
  to: instant.optional().describe('Scores given and complaints raised before this instant'),
});
export type SatisfactionFilter = z.infer<typeof satisfactionFilterSchema>;

type RaisedComplaint = Extract<SatisfactionComplaintRow, { raised: true }>;

/** CSAT, NPS and attitude of a group of answers, and the formal complaints of the same group. */
export type SatisfactionGroup = SatisfactionSummary & { formalComplaints: number };

export interface SatisfactionView extends SatisfactionSummary {
  iceberg: ComplaintIceberg;
  byMonth: Array<{ month: string } & SatisfactionGroup>;
  /** Grouped by the channel of the complaint a score refers to; `null` gathers scores without one. */
  byChannel: Array<{ channel: string | null } & SatisfactionGroup>;
  byCategory: Array<{ category: string | null } & SatisfactionGroup>;
  asOf: string;
}

export interface SatisfactionSettings {
  icebergRatios: IcebergRatios;
  thresholds: SatisfactionThresholds;
}

const DEFAULT_SETTINGS: SatisfactionSettings = {
  icebergRatios: DEFAULT_ICEBERG_RATIOS,
  thresholds: DEFAULT_SATISFACTION_THRESHOLDS,
};

const compareKeys = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/** Group scores and formal complaints by a key; groups ordered by key, null last. */
const breakdown = (
  scores: readonly SatisfactionScoreRow[],
  complaints: readonly RaisedComplaint[],
  scoreKey: (row: SatisfactionScoreRow) => string | null,
  complaintKey: (row: RaisedComplaint) => string | null,
  thresholds: SatisfactionThresholds,
): Array<[string | null, SatisfactionGroup]> => {
  const groups = new Map<string | null, { scores: SatisfactionScoreRow[]; formal: number }>();
  const group = (key: string | null) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { scores: [], formal: 0 }));
    return g;
  };
  for (const score of scores) group(scoreKey(score)).scores.push(score);
  for (const complaint of complaints) group(complaintKey(complaint)).formal++;
  return [...groups]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, g]) => [key, { ...summarizeSatisfaction(g.scores, thresholds), formalComplaints: g.formal }]);
};

/** The satisfaction summary (pure): overall figures, the iceberg and the breakdowns. */
export const summarizeSatisfactionView = (
  scores: readonly SatisfactionScoreRow[],
  complaints: readonly SatisfactionComplaintRow[],
  now: number,
  settings: SatisfactionSettings = DEFAULT_SETTINGS,
): SatisfactionView => {
  const formal = complaints.filter((c): c is RaisedComplaint => c.raised && c.formal);
  const t = settings.thresholds;
  return {
    ...summarizeSatisfaction(scores, t),
    iceberg: complaintIceberg(formal.length, settings.icebergRatios),
    byMonth: breakdown(
      scores,
      formal,
      (s) => s.month,
      (c) => c.month,
      t,
    ).map(([month, g]) => ({
      month: month ?? '',
      ...g,
    })),
    byChannel: breakdown(
      scores,
      formal,
      (s) => s.channel,
      (c) => c.channel,
      t,
    ).map(([channel, g]) => ({
      channel,
      ...g,
    })),
    byCategory: breakdown(
      scores,
      formal,
      (s) => s.category,
      (c) => c.category,
      t,
    ).map(([category, g]) => ({
      category,
      ...g,
    })),
    asOf: new Date(now).toISOString(),
  };
};

const between = (column: string, filter: SatisfactionFilter): Condition[] => [
  ...(filter.from !== undefined ? [{ column, op: '>=' as const, value: filter.from }] : []),
  ...(filter.to !== undefined ? [{ column, op: '<' as const, value: filter.to }] : []),
];

/** The satisfaction summary over the scores and formal complaints in the filter's period. */
export const satisfactionSummary = async (
  views: ViewStore,
  filter: SatisfactionFilter,
  now: number,
  settings: SatisfactionSettings = DEFAULT_SETTINGS,
): Promise<SatisfactionView> => {
  const [scores, complaints] = await Promise.all([
    views.query(satisfactionScoresView, { where: between('at', filter) }),
    views.query(satisfactionComplaintsView, {
      where: [
        { column: 'raised', op: '=', value: 1 },
        { column: 'formal', op: '=', value: 1 },
        ...between('raised_at', filter),
      ],
    }),
  ]);
  return summarizeSatisfactionView(scores, complaints, now, settings);
};
