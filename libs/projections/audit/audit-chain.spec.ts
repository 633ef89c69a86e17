import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { testEvent } from '../../event-store/contract/event-store.contract';
import { SqliteViewStore } from '../sqlite/sqlite-view-store';
import { AuditChain, auditChainView } from './audit-chain';
import { Projector } from '../projector';
import { andThen, type Projection, type ViewDefinition } from '../view-store.port';

const setup = async (events: number) => {
  const db = openSqlite({ file: ':memory:' });
  const store = new SqliteEventStore(db);
  for (let i = 0; i < events; i++) await store.append(`s-${i % 3}`, [testEvent('Thing', { i })], 'any');
  return { db, store, chain: new AuditChain(store, new SqliteViewStore(db), 10) };
};

describe('audit hash chain', () => {
  it('seals the log and verifies it untouched', async () => {
    const { db, chain } = await setup(35);
    await chain.catchUp();
    expect(await chain.head()).toMatchObject({ position: 35 });
    expect(await chain.verify()).toMatchObject({ ok: true, checkedEvents: 35, checkedLinks: 4 });
    db.close();
  });

  it('extends the chain as the log grows', async () => {
    const { db, store, chain } = await setup(5);
    await chain.catchUp();
    const first = await chain.head();
    await store.append('s-9', [testEvent('Later')], 'any');
    await chain.catchUp();
    const second = await chain.head();
    expect(second?.position).toBe(6);
    expect(second?.hash).not.toBe(first?.hash);
    expect((await chain.verify()).ok).toBe(true);
    db.close();
  });

  it('finds the first link a tampered event breaks', async () => {
    const { db, chain } = await setup(35);
    await chain.catchUp();
    db.prepare(`UPDATE events SET data = '{"i":999}' WHERE global_position = 17`).run();
    expect(await chain.verify()).toMatchObject({ ok: false, firstMismatch: { position: 20 } });
    db.close();
  });

  it('notices events removed from the end', async () => {
    const { db, chain } = await setup(12);
    await chain.catchUp();
    db.prepare('DELETE FROM events WHERE global_position > 10').run();
    expect(await chain.verify()).toMatchObject({ ok: false, checkedEvents: 10 });
    db.close();
  });
});

describe('audit hash chain sealed by the projector', () => {
  const counted: Projection = {
    name: 'counted',
    views: [{ name: 'counted', columns: {}, index: () => ({}) }],
    apply(event, session) {
      const view = this.views[0] as ViewDefinition<{ n: number }>;
      return andThen(session.get(view, 'all'), (row) => session.put(view, 'all', { n: (row?.n ?? 0) + 1 }));
    },
  };

  it('given a following projector, when events are appended, then the chain commits with the views and verifies', async () => {
    const { db, store, chain } = await setup(12);
    const views = new SqliteViewStore(db);
    const projector = new Projector(store, views, [counted], undefined, { evidence: [chain.projection], batchSize: 5 });
    await projector.start();
    await store.append('s-7', [testEvent('Later'), testEvent('Later')], 'any');
    expect(await projector.waitFor(14, 5000)).toBe(true);
    expect(await chain.head()).toMatchObject({ position: 14 });
    expect(await views.checkpoint('audit-chain')).toBe(14);
    expect(await chain.verify()).toMatchObject({ ok: true, checkedEvents: 14, checkedLinks: 2 });
    await projector.stop();
    db.close();
  });

  it('given a sealed chain, when the views are rebuilt, then the chain is kept as it was', async () => {
    const { db, store, chain } = await setup(25);
    const views = new SqliteViewStore(db);
    const projector = new Projector(store, views, [counted], undefined, { evidence: [chain.projection] });
    await projector.catchUp();
    // Marked, so a chain sealed again (same hashes) would show.
    const sealed = { ...(await chain.head())!, sealedAt: 'before the rebuild' };
    await views.commit('audit-chain', [{ view: auditChainView as ViewDefinition, key: 'head', row: sealed }], 25);
    await projector.rebuild();
    expect(await views.load(counted.views[0] as ViewDefinition<{ n: number }>, 'all')).toEqual({ n: 25 });
    expect(await chain.head()).toEqual(sealed);
    expect((await chain.verify()).ok).toBe(true);
    db.close();
  });
});
