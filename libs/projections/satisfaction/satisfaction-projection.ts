import type { ComplaintRaised } from '../../domain/complaint/events';
import type { SatisfactionRecorded } from '../../domain/customer/events';
import { localDate } from '../../domain/policies/calendar';
import type { StoredEvent } from '../../event-store/event-store.port';
import { epochMsOf } from '../../event-store/iso-instant';
import { andThen, type MaybePromise, type Projection, type ViewSession } from '../view-store.port';
import {
  satisfactionComplaintsView,
  satisfactionScoresView,
  type SatisfactionScoreRow,
} from './satisfaction-row';

export interface SatisfactionProjectionOptions {
  /** Months are calendar months in this IANA zone. */
  timeZone: string;
}

const monthOf = (at: number, timeZone: string): string => localDate(at, timeZone).slice(0, 7);

const recordScore = (
  event: SatisfactionRecorded,
  session: ViewSession,
  options: SatisfactionProjectionOptions,
): MaybePromise<void> => {
  const at = epochMsOf(event.metadata.occurredAt);
  const { customerId, kind, score } = event.data;
  const complaintId = event.data.complaintId ?? null;
  const row: SatisfactionScoreRow = {
    scoreId: event.metadata.eventId,
    customerId,
    kind,
    score,
    at,
    month: monthOf(at, options.timeZone),
    complaintId,
    channel: null,
    category: null,
  };
  if (complaintId === null) {
    session.put(satisfactionScoresView, row.scoreId, row);
    return;
  }
  return andThen(session.get(satisfactionComplaintsView, complaintId), (complaint) => {
    if (complaint?.raised) {
      row.channel = complaint.channel;
      row.category = complaint.category;
    } else {
      const waiting = complaint?.waitingScoreIds ?? [];
      session.put(satisfactionComplaintsView, complaintId, {
        complaintId,
        raised: false,
        waitingScoreIds: [...waiting, row.scoreId],
      });
    }
    session.put(satisfactionScoresView, row.scoreId, row);
  });
};

const raiseComplaint = (
  event: ComplaintRaised,
  session: ViewSession,
  options: SatisfactionProjectionOptions,
): MaybePromise<void> => {
  const at = epochMsOf(event.metadata.occurredAt);
  const { complaintId, customerId, formal, channel, category } = event.data;
  return andThen(session.get(satisfactionComplaintsView, complaintId), (before) => {
    session.put(satisfactionComplaintsView, complaintId, {
      complaintId,
      raised: true,
      customerId,
      formal,
      channel,
      category,
      raisedAt: at,
      month: monthOf(at, options.timeZone),
    });
    if (before === undefined || before.raised) return;
    return joinWaitingScores(session, before.waitingScoreIds, channel, category);
  });
};

/** Scores recorded before their complaint was raised get its channel and category (rare: not a hot path). */
const joinWaitingScores = async (session: ViewSession, scoreIds: string[], channel: string, category: string): Promise<void> => {
  for (const scoreId of scoreIds) {
    const score = await session.get(satisfactionScoresView, scoreId);
    if (score) session.put(satisfactionScoresView, scoreId, { ...score, channel, category });
  }
};

/**
 * The satisfaction view: one row per CSAT/NPS answer joined with the channel and category of the
 * complaint it refers to, and the complaints themselves (formal ones feed the iceberg).
 */
export const satisfactionProjection = (options: SatisfactionProjectionOptions): Projection => ({
  name: 'satisfaction',
  views: [satisfactionScoresView, satisfactionComplaintsView],
  apply(stored: StoredEvent, session: ViewSession): MaybePromise<void> {
    if (stored.type === 'SatisfactionRecorded') {
      return recordScore(stored as unknown as SatisfactionRecorded, session, options);
    }
    if (stored.type === 'ComplaintRaised')
      return raiseComplaint(stored as unknown as ComplaintRaised, session, options);
  },
});
