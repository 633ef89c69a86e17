import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { testEvent } from '../../event-store/contract/event-store.contract';
import { SqliteViewStore } from '../sqlite/sqlite-view-store';
import { AuditChain } from './audit-chain';

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
