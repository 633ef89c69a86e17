import type { SatisfactionKind } from '../../domain/policies/satisfaction';
import type { ViewDefinition } from '../view-store.port';

/** One satisfaction answer, joined with the complaint it refers to (channel and category). Times are epoch ms. */
export interface SatisfactionScoreRow {
  /** The SatisfactionRecorded event's id. */
  scoreId: string;
  customerId: string;
  kind: SatisfactionKind;
  score: number;
  at: number;
  /** Local month (YYYY-MM) of `at` in the configured time zone. */
  month: string;
  complaintId: string | null;
  /** Channel and category of the complaint the score refers to; null without one or until it is raised. */
  channel: string | null;
  category: string | null;
}

export const satisfactionScoresView: ViewDefinition<SatisfactionScoreRow> = {
  name: 'satisfaction_scores',
  indexes: ['at', 'customer_id', 'complaint_id'],
  columns: {
    kind: 'text',
    at: 'integer',
    month: 'text',
    customer_id: 'text',
    complaint_id: 'text',
    channel: 'text',
    category: 'text',
  },
  index: (row) => ({
    kind: row.kind,
    at: row.at,
    month: row.month,
    customer_id: row.customerId,
    complaint_id: row.complaintId,
    channel: row.channel,
    category: row.category,
  }),
};

/**
 * A complaint as the satisfaction view needs it: the iceberg counts formal complaints, and scores join
 * its channel and category. A score may name a complaint before it is raised (streams arrive in any
 * order): the row then waits with `raised: false` and the ids of the scores to fill in.
 */
export type SatisfactionComplaintRow =
  | {
      complaintId: string;
      raised: true;
      customerId: string;
      formal: boolean;
      channel: string;
      category: string;
      raisedAt: number;
      month: string;
    }
  | { complaintId: string; raised: false; waitingScoreIds: string[] };

export const satisfactionComplaintsView: ViewDefinition<SatisfactionComplaintRow> = {
  name: 'satisfaction_complaints',
  indexes: ['raised_at'],
  columns: {
    raised: 'integer',
    formal: 'integer',
    raised_at: 'integer',
    month: 'text',
    channel: 'text',
    category: 'text',
  },
  index: (row) =>
    row.raised
      ? {
          raised: 1,
          formal: row.formal ? 1 : 0,
          raised_at: row.raisedAt,
          month: row.month,
          channel: row.channel,
          category: row.category,
        }
      : { raised: 0, formal: null, raised_at: null, month: null, channel: null, category: null },
};
