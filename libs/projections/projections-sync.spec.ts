import { DEFAULT_SLA_TARGETS } from '../domain/policies/sla-targets';
import { projectEvents } from './customer/testing';
import { loyaltyProjection } from './loyalty/loyalty-projection';
import { MemoryViewStore } from './memory/memory-view-store';
import { RebuildViewSession } from './rebuild-view-session';
import { retentionProjection } from './retention/retention-projection';
import { satisfactionProjection } from './satisfaction/satisfaction-projection';
import { slaHistory } from './sla/sla-summary-testing';
import { slaProjection } from './sla/sla-projection';
import type { Projection, ViewDefinition, ViewStore } from './view-store.port';

const timeZone = 'Europe/Berlin';
const projections: Projection[] = [
  slaProjection({ timeZone, targets: DEFAULT_SLA_TARGETS }),
  loyaltyProjection({ timeZone }),
  satisfactionProjection({ timeZone }),
  retentionProjection({ timeZone }),
];

/** A store nothing may be read from: the rebuild session knows every key is new. */
class UnreadableStore extends MemoryViewStore {
  override async load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    throw new Error(`unexpected read of ${view.name}/${key}`);
  }
}

const rowsOf = async (views: ViewStore, projection: Projection) => {
  const out: Record<string, unknown[]> = {};
  for (const view of projection.views) out[view.name] = await views.query(view, { orderBy: [{ column: 'key', direction: 'asc' }] });
  return out;
};

describe('projections with every row in memory', () => {
  const events = slaHistory(11, 400);

  it.each(projections.map((p) => [p.name, p] as const))('%s applies each event without a promise, to the rows the awaited path gives', async (_, projection) => {
    const store = new UnreadableStore();
    await store.ensureViews(projection.views);
    const session = new RebuildViewSession(store, { generation: 1 << 20 });
    for (const event of events) expect(projection.apply(event, session)).toBeUndefined();
    await store.commit(projection.name, session.takeChanges(), events.length);
    // Every get of the test session is a promise (and rows come back from the store between batches).
    const awaited = await projectEvents(projection, events, 37);
    expect(await rowsOf(store, projection)).toEqual(await rowsOf(awaited, projection));
  });
});
