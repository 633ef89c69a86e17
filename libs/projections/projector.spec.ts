import type { EventStore, ReadAllOptions, StoredEvent } from '../event-store/event-store.port';
import { EventLog } from './customer/testing';
import { MemoryViewStore } from './memory/memory-view-store';
import { Projector, versionCheckpoint } from './projector';
import { retentionProjection } from './retention/retention-projection';
import { REBUILDING, type ProjectionCommit, type ViewChange } from './view-store.port';

const projection = retentionProjection({ timeZone: 'UTC' });

/** Enough of an event store for catch-up: reads the log in pages. */
const storeOf = (events: readonly StoredEvent[]): EventStore =>
  ({
    readAll: async ({ after = 0, limit = 1000 }: ReadAllOptions = {}) =>
      events.filter((e) => e.globalPosition > after).slice(0, limit),
    headPosition: async () => events.length,
  }) as unknown as EventStore;

const history = (): EventLog => {
  const log = new EventLog();
  for (let c = 0; c < 40; c++) {
    const customerId = `K-${c}`;
    log.add('CustomerRegistered', `2025-01-01T09:${String(c).padStart(2, '0')}:00Z`, { customerId, keyAccount: c % 7 === 0 });
  }
  for (let i = 0; i < 300; i++) {
    const customerId = `K-${(i * 13) % 40}`;
    const at = new Date(Date.parse('2025-02-01T00:00:00Z') + i * 3_600_000).toISOString();
    if (i % 3 === 0) log.add('PurchaseRecorded', at, { customerId, amount: i + 1, currency: i % 2 ? 'EUR' : 'USD' });
    else if (i % 3 === 1) log.add('ComplaintRaised', at, { complaintId: `C-${i}`, customerId, channel: 'email', category: 'billing' });
    else log.add('ComplaintResolved', at, { complaintId: `C-${i - 1}`, resolution: 'fixed' });
  }
  return log;
};

/** A memory view store that records commits and can fail the one that claims `failAt`. */
class RecordingViews extends MemoryViewStore {
  readonly commits: Array<{ position: number; rows: number }> = [];
  failAt?: number;

  override async commit(name: string, changes: ViewChange[], position: number): Promise<void> {
    if (position === this.failAt) throw new Error('disk full');
    this.commits.push({ position, rows: changes.length });
    await super.commit(name, changes, position);
  }

  async commitMany(commits: ProjectionCommit[]): Promise<void> {
    for (const c of commits) await this.commit(c.projection, c.changes, c.position);
  }
}

const rowsOf = async (views: MemoryViewStore) =>
  Promise.all(projection.views.map((view) => views.query(view, { orderBy: [{ column: 'key', direction: 'asc' }] })));

const tiny = { rebuildSession: { generation: 4, maxGeneration: 8 }, rebuildWriteRows: 10, batchSize: 25 };

describe('Projector rebuild from zero', () => {
  const log = history();
  const store = storeOf(log.events);

  it('writes evicted rows ahead of the checkpoint, marked REBUILDING, and claims the head only at the end', async () => {
    const views = new RecordingViews();
    await new Projector(store, views, [projection], undefined, tiny).rebuild();
    const positions = views.commits.map((c) => c.position);
    expect(positions.slice(0, -1).length).toBeGreaterThan(0);
    expect(new Set(positions.slice(0, -1))).toEqual(new Set([REBUILDING]));
    expect(positions[positions.length - 1]).toBe(log.events.length);

    const oneBatch = new MemoryViewStore();
    await new Projector(store, oneBatch, [projection]).rebuild();
    expect(await rowsOf(views)).toEqual(await rowsOf(oneBatch));
  });

  it('rebuilds again from zero after a rebuild that stopped before its final commit', async () => {
    const views = new RecordingViews();
    views.failAt = log.events.length;
    const first = new Projector(store, views, [projection], undefined, tiny);
    await expect(first.rebuild()).rejects.toThrow('disk full');
    expect(await views.checkpoint(projection.name)).toBe(REBUILDING);
    expect(first.position()).toBe(0);

    views.failAt = undefined;
    // A restarted process, and the same projector trying again, both start over.
    await new Projector(store, views, [projection], undefined, tiny).catchUp();
    const again = await rowsOf(views);
    expect(await views.checkpoint(projection.name)).toBe(log.events.length);
    await first.catchUp();
    expect(await rowsOf(views)).toEqual(again);

    const clean = new MemoryViewStore();
    await new Projector(store, clean, [projection]).rebuild();
    expect(again).toEqual(await rowsOf(clean));
  });
});

describe('Projector and projection versions', () => {
  const log = history();
  const store = storeOf(log.events);
  const v = (version: number | undefined) => ({ ...projection, version });

  it('rebuilds views built by an older version (or before versions were recorded) and records the new one', async () => {
    const views = new MemoryViewStore();
    await new Projector(store, views, [v(undefined)]).catchUp();
    const built = await rowsOf(views);
    // Tamper with a row, as if an older version had written it differently.
    await views.commit(projection.name, [{ view: projection.views[0], key: 'K-1', row: null }], log.events.length);
    expect(await rowsOf(views)).not.toEqual(built);

    await new Projector(store, views, [v(2)]).catchUp();
    expect(await rowsOf(views)).toEqual(built);
    expect(await views.checkpoint(versionCheckpoint(projection.name))).toBe(2);
    expect(await views.checkpoint(projection.name)).toBe(log.events.length);

    // The same version again: nothing is rebuilt (the tampered row would stay gone).
    await views.commit(projection.name, [{ view: projection.views[0], key: 'K-1', row: null }], log.events.length);
    await new Projector(store, views, [v(2)]).catchUp();
    expect(await rowsOf(views)).not.toEqual(built);

    await new Projector(store, views, [v(3)]).catchUp();
    expect(await rowsOf(views)).toEqual(built);
    expect(await views.checkpoint(versionCheckpoint(projection.name))).toBe(3);
  });

  it('records the version of a projection that starts on empty views without resetting anything', async () => {
    const views = new RecordingViews();
    await new Projector(store, views, [v(1)]).catchUp();
    expect(await views.checkpoint(versionCheckpoint(projection.name))).toBe(1);
    expect(await views.checkpoint(projection.name)).toBe(log.events.length);
  });
});
