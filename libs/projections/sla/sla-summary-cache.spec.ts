import { DEFAULT_SLA_TARGETS } from '../../domain/policies/sla-targets';
import { MemoryViewStore } from '../memory/memory-view-store';
import { slaProjection } from './sla-projection';
import { SlaSummaryCache } from './sla-summary-cache';
import { summarizeSla } from './sla-summary';
import { slaComplaintsView } from './sla-row';
import { CachedViewSession } from '../cached-view-session';
import type { StoredEvent } from '../../event-store/event-store.port';

let position = 0;
const event = (type: string, at: string, data: Record<string, unknown>): StoredEvent => ({
  streamId: `complaint-${data.complaintId}`,
  streamVersion: 0,
  globalPosition: ++position,
  type,
  data,
  metadata: { eventId: `e${position}`, occurredAt: at, recordedAt: at, source: 't', schemaVersion: 1 },
});

const project = async (views: MemoryViewStore, events: StoredEvent[]) => {
  const projection = slaProjection({ timeZone: 'UTC', targets: DEFAULT_SLA_TARGETS });
  const session = new CachedViewSession(views);
  for (const e of events) await projection.apply(e, session);
  await views.commit('sla', session.takeChanges(), events[events.length - 1].globalPosition);
};

const raised = (id: string, at: string) =>
  event('ComplaintRaised', at, { complaintId: id, customerId: 'K', channel: 'c', category: 'x', severity: 'normal', summary: '', formal: true });

describe('SLA summary cache', () => {
  it('answers exactly what a fresh computation would, across new events and passing deadlines', async () => {
    const views = new MemoryViewStore();
    await project(views, [raised('A', '2026-03-01T09:00:00Z')]);
    const cache = new SlaSummaryCache();
    const fresh = async (now: number) => summarizeSla(await views.query(slaComplaintsView), now, 1);
    const check = async (iso: string) => expect(await cache.summary(views, {}, Date.parse(iso), 1)).toEqual(await fresh(Date.parse(iso)));

    await check('2026-03-01T10:00:00Z');
    await check('2026-03-01T12:59:59Z'); // cached: nothing moved
    await check('2026-03-01T13:00:01Z'); // acknowledge deadline passed: breach appears
    await check('2026-03-02T00:00:01Z'); // tier 10
    await project(views, [event('ComplaintResolved', '2026-03-02T01:00:00Z', { complaintId: 'A', resolution: 'ok' })]);
    await check('2026-03-02T02:00:00Z'); // new event: recomputed
    await check('2026-03-09T00:00:00Z');
  });
});
