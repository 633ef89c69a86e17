import { REBUILDING, type ViewChange, type ViewDefinition, type ViewQuery, type ViewStore } from '../view-store.port';

export interface ViewStoreUnderTest {
  store: ViewStore;
  cleanup: () => Promise<void>;
}

interface Item {
  id: string;
  status: string | null;
  rank: number | null;
  score: number | null;
  detail?: unknown;
  explode?: boolean;
}

const items: ViewDefinition<Item> = {
  name: 'contract_items',
  columns: { status: 'text', rank: 'integer', score: 'real' },
  index: (row) => ({ status: row.status, rank: row.rank, score: row.score }),
};

const notes: ViewDefinition<{ text: string }> = {
  name: 'contract_notes',
  columns: {},
  index: () => ({}),
};

/** A view whose readers only read: `query` may share its rows between calls. */
const shared: ViewDefinition<{ n: number[] }> = {
  name: 'contract_shared',
  columns: { group: 'text' },
  index: () => ({ group: 'g' }),
  sharedRows: true,
};

/** A view whose index fails for some rows: a projection bug met in the middle of a batch. */
const fragile: ViewDefinition<Item> = {
  name: 'contract_fragile',
  columns: { rank: 'integer' },
  index: (row) => {
    if (row.explode) throw new Error('index failed');
    return { rank: row.rank };
  },
};

const item = (id: string, status: string | null, rank: number | null, score: number | null): Item => ({
  id,
  status,
  rank,
  score,
});

const put = <Row>(view: ViewDefinition<Row>, key: string, row: Row | null): ViewChange => ({
  view: view as ViewDefinition,
  key,
  row,
});

// a..f cover nulls in every column, ties on rank, and case-sensitive text order.
const rows = [
  item('a', 'open', 3, 1.5),
  item('b', 'closed', 1, 2.25),
  item('c', 'open', 3, null),
  item('d', null, 2, -0.5),
  item('e', 'Open', null, 10),
  item('f', 'open', 1_700_000_000_000, 0),
];

/** The semantics every view-store adapter must hold. Call it from a spec with a factory. */
export const runViewStoreContract = (name: string, makeStore: () => Promise<ViewStoreUnderTest>): void => {
  describe(`view store contract: ${name}`, () => {
    let sut: ViewStoreUnderTest;
    let store: ViewStore;
    const ids = async (query: ViewQuery) => (await store.query(items, query)).map((r) => r.id);
    const seed = () =>
      store.commit(
        'p',
        rows.map((r) => put(items, r.id, r)),
        6,
      );

    beforeEach(async () => {
      sut = await makeStore();
      store = sut.store;
      await store.ensureViews([items, notes, fragile, shared]);
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    it('starts empty, with checkpoint 0, and ensures views idempotently', async () => {
      expect(await store.checkpoint('p')).toBe(0);
      expect(await store.load(items, 'a')).toBeUndefined();
      expect(await store.query(items)).toEqual([]);
      await seed();
      await store.ensureViews([items, notes, fragile]);
      expect(await store.count(items)).toBe(6);
    });

    it('commits rows with the checkpoint and reads them back intact', async () => {
      const detail = {
        nested: [1, 2.5, null, { deep: true }],
        text: 'quote " slash \\ nul \u0000 ünï 😀',
        empty: '',
      };
      await store.commit(
        'p',
        [put(items, 'a', { ...rows[0], detail }), put(notes, 'n:1', { text: 'hello' })],
        42,
      );
      expect(await store.checkpoint('p')).toBe(42);
      expect(await store.checkpoint('other')).toBe(0);
      expect(await store.load(items, 'a')).toEqual({ ...rows[0], detail });
      expect(await store.load(notes, 'n:1')).toEqual({ text: 'hello' });
    });

    it('keeps the REBUILDING checkpoint of a bulk load until a real position replaces it', async () => {
      await store.reset('p', [items, notes, fragile]);
      await store.deferIndexes?.([items]);
      await store.commit('p', rows.slice(0, 3).map((r) => put(items, r.id, r)), REBUILDING);
      expect(await store.checkpoint('p')).toBe(REBUILDING);
      await store.commit('p', rows.slice(3).map((r) => put(items, r.id, r)), REBUILDING);
      await store.commit('p', [put(items, 'b', null)], 12);
      await store.ensureViews([items, notes, fragile]);
      expect(await store.checkpoint('p')).toBe(12);
      expect(await ids({ where: [{ column: 'status', op: '=', value: 'open' }] })).toEqual(['a', 'c', 'f']);
      expect(await ids({ orderBy: [{ column: 'rank', direction: 'desc' }] })).toEqual(['f', 'a', 'c', 'd', 'e']);
    });

    it('overwrites a row and its indexed columns; deletes with a null row', async () => {
      await seed();
      await store.commit('p', [put(items, 'a', item('a', 'closed', 9, 9.5)), put(items, 'b', null)], 7);
      await store.commit('p', [put(items, 'never-there', null)], 8);
      expect(await store.load(items, 'a')).toEqual(item('a', 'closed', 9, 9.5));
      expect(await store.load(items, 'b')).toBeUndefined();
      expect(await ids({ where: [{ column: 'rank', op: '=', value: 9 }] })).toEqual(['a']);
      expect(await ids({ where: [{ column: 'rank', op: '=', value: 3 }] })).toEqual(['c']);
      expect(await store.count(items)).toBe(5);
      expect(await store.checkpoint('p')).toBe(8);
    });

    it('applies changes to the same key in order: the last one wins', async () => {
      await store.commit(
        'p',
        [put(items, 'x', item('x', 'open', 1, 1)), put(items, 'x', item('x', 'closed', 2, 2))],
        1,
      );
      await store.commit('p', [put(items, 'y', item('y', 'open', 1, 1)), put(items, 'y', null)], 2);
      expect(await store.load(items, 'x')).toEqual(item('x', 'closed', 2, 2));
      expect(await store.load(items, 'y')).toBeUndefined();
    });

    it('filters with every comparison; NULL never compares', async () => {
      await seed();
      const where = (column: string, op: '=' | '!=' | '<' | '<=' | '>' | '>=', value: string | number) =>
        ids({ where: [{ column, op, value }], orderBy: [{ column: 'key', direction: 'asc' }] });
      expect(await where('status', '=', 'open')).toEqual(['a', 'c', 'f']);
      expect(await where('status', '!=', 'open')).toEqual(['b', 'e']);
      expect(await where('rank', '<', 3)).toEqual(['b', 'd']);
      expect(await where('rank', '<=', 3)).toEqual(['a', 'b', 'c', 'd']);
      expect(await where('rank', '>', 2)).toEqual(['a', 'c', 'f']);
      expect(await where('rank', '>=', 1_700_000_000_000)).toEqual(['f']);
      expect(await where('score', '>', 1.5)).toEqual(['b', 'e']);
      expect(await where('score', '<=', 0)).toEqual(['d', 'f']);
      expect(await where('status', '<', 'b')).toEqual(['e']);
      expect(await ids({ where: [{ column: 'status', op: '=', value: null }] })).toEqual([]);
      expect(await store.count(items, [{ column: 'status', op: '>=', value: 'a' }])).toBe(4);
    });

    it('filters with in (also empty, with NULL, or one value), is_null, not_null and on the key', async () => {
      await seed();
      const sorted = async (query: ViewQuery) => (await ids(query)).sort();
      expect(await sorted({ where: [{ column: 'rank', op: 'in', value: [1, 2] }] })).toEqual(['b', 'd']);
      expect(await sorted({ where: [{ column: 'status', op: 'in', value: ['closed', null] }] })).toEqual([
        'b',
      ]);
      expect(await sorted({ where: [{ column: 'status', op: 'in', value: 'Open' }] })).toEqual(['e']);
      expect(await sorted({ where: [{ column: 'status', op: 'in', value: [] }] })).toEqual([]);
      expect(await store.count(items, [{ column: 'rank', op: 'in', value: [] }])).toBe(0);
      expect(await sorted({ where: [{ column: 'score', op: 'is_null' }] })).toEqual(['c']);
      expect(await sorted({ where: [{ column: 'status', op: 'not_null' }] })).toEqual([
        'a',
        'b',
        'c',
        'e',
        'f',
      ]);
      expect(await sorted({ where: [{ column: 'key', op: 'in', value: ['a', 'd', 'zz'] }] })).toEqual([
        'a',
        'd',
      ]);
      const both = [
        { column: 'status', op: '=', value: 'open' },
        { column: 'score', op: 'not_null' },
      ] as const;
      expect(await sorted({ where: [...both] })).toEqual(['a', 'f']);
      expect(await store.count(items, [...both])).toBe(2);
    });

    it('orders asc and desc, NULL first ascending and last descending, ties by key ascending', async () => {
      await seed();
      expect(await ids({ orderBy: [{ column: 'rank', direction: 'asc' }] })).toEqual([
        'e',
        'b',
        'd',
        'a',
        'c',
        'f',
      ]);
      expect(await ids({ orderBy: [{ column: 'rank', direction: 'desc' }] })).toEqual([
        'f',
        'a',
        'c',
        'd',
        'b',
        'e',
      ]);
      expect(await ids({ orderBy: [{ column: 'score', direction: 'desc' }] })).toEqual([
        'e',
        'b',
        'a',
        'f',
        'd',
        'c',
      ]);
      expect(await ids({ orderBy: [{ column: 'status', direction: 'asc' }] })).toEqual([
        'd',
        'e',
        'b',
        'a',
        'c',
        'f',
      ]);
      expect(
        await ids({
          orderBy: [
            { column: 'status', direction: 'desc' },
            { column: 'rank', direction: 'desc' },
          ],
        }),
      ).toEqual(['f', 'a', 'c', 'b', 'e', 'd']);
      expect(await ids({ orderBy: [{ column: 'key', direction: 'desc' }] })).toEqual([
        'f',
        'e',
        'd',
        'c',
        'b',
        'a',
      ]);
    });

    it('pages with limit and offset', async () => {
      await seed();
      const byKey = [{ column: 'key', direction: 'asc' }] as const;
      expect(await ids({ orderBy: [...byKey], limit: 2 })).toEqual(['a', 'b']);
      expect(await ids({ orderBy: [...byKey], limit: 2, offset: 2 })).toEqual(['c', 'd']);
      expect(await ids({ orderBy: [...byKey], offset: 4 })).toEqual(['e', 'f']);
      expect(await ids({ orderBy: [...byKey], offset: 10 })).toEqual([]);
      expect(await ids({ orderBy: [...byKey], limit: 0 })).toEqual([]);
      const where = [{ column: 'status', op: '=', value: 'open' }] as const;
      expect(
        await ids({ where: [...where], orderBy: [{ column: 'rank', direction: 'desc' }], limit: 2 }),
      ).toEqual(['f', 'a']);
    });

    it('commits a large batch at once', async () => {
      const many = Array.from({ length: 2500 }, (_, i) => item(`k${i}`, i % 2 ? 'open' : 'closed', i, i / 4));
      await store.commit(
        'p',
        many.map((r) => put(items, r.id, r)),
        2500,
      );
      expect(await store.count(items)).toBe(2500);
      expect(await store.count(items, [{ column: 'status', op: '=', value: 'open' }])).toBe(1250);
      expect(await store.load(items, 'k2499')).toEqual(many[2499]);
    });

    it('leaves rows and checkpoint untouched when a commit fails midway', async () => {
      await seed();
      await store.commit('p', [put(fragile, 'ok', item('ok', null, 1, null))], 6);
      const failing = [
        put(items, 'a', item('a', 'changed', 0, 0)),
        put(items, 'b', null),
        put(items, 'new', item('new', 'open', 5, 5)),
        put(fragile, 'ok', item('ok', null, 2, null)),
        put(fragile, 'boom', { ...item('boom', null, 3, null), explode: true }),
        put(notes, 'n', { text: 'late' }),
      ];
      const outcome = await store.commit('p', failing, 99).then(
        () => 'committed',
        () => 'failed',
      );
      expect(outcome).toBe('failed');
      expect(await store.checkpoint('p')).toBe(6);
      expect(await store.load(items, 'a')).toEqual(rows[0]);
      expect(await store.load(items, 'b')).toEqual(rows[1]);
      expect(await store.load(items, 'new')).toBeUndefined();
      expect(await store.load(fragile, 'ok')).toEqual(item('ok', null, 1, null));
      expect(await store.load(notes, 'n')).toBeUndefined();
      expect(await store.count(items)).toBe(6);
    });

    it('hands out copies: mutating a row after commit or after reading it changes nothing stored', async () => {
      const row = item('m', 'open', 1, 1);
      await store.commit('p', [put(items, 'm', row)], 1);
      row.status = 'mutated';
      const loaded = await store.load(items, 'm');
      if (loaded) loaded.status = 'mutated';
      const [queried] = await store.query(items);
      queried.rank = 99;
      expect(await store.load(items, 'm')).toEqual(item('m', 'open', 1, 1));
    });

    it('answers queries of a sharedRows view as stored now, also after changes; load still hands out copies', async () => {
      await store.commit('p', [put(shared, 'x', { n: [1, 2] }), put(shared, 'y', { n: [3] })], 1);
      expect(await store.query(shared)).toEqual([{ n: [1, 2] }, { n: [3] }]);
      await store.commit('p', [put(shared, 'x', { n: [1, 2, 4] }), put(shared, 'y', null)], 2);
      expect(await store.query(shared)).toEqual([{ n: [1, 2, 4] }]);
      await store.commit('p', [put(shared, 'x', { n: [1, 2] })], 3);
      expect(await store.query(shared, { where: [{ column: 'group', op: '=', value: 'g' }] })).toEqual([{ n: [1, 2] }]);
      const loaded = (await store.load(shared, 'x')) as { n: number[] };
      loaded.n.push(5);
      expect(await store.load(shared, 'x')).toEqual({ n: [1, 2] });
    });

    it('resets one projection: its rows and checkpoint go, the views stay usable, others stay', async () => {
      await seed();
      await store.commit('other', [put(notes, 'n', { text: 'kept' })], 3);
      await store.reset('p', [items]);
      expect(await store.checkpoint('p')).toBe(0);
      expect(await store.count(items)).toBe(0);
      expect(await store.query(items, { where: [{ column: 'rank', op: '>', value: 0 }] })).toEqual([]);
      expect(await store.checkpoint('other')).toBe(3);
      expect(await store.load(notes, 'n')).toEqual({ text: 'kept' });
      await store.commit('p', [put(items, 'a', rows[0])], 1);
      expect(await ids({ where: [{ column: 'status', op: '=', value: 'open' }] })).toEqual(['a']);
    });
  });
};
