import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { MemoryViewStore } from '../memory/memory-view-store';
import { SqliteViewStore } from '../sqlite/sqlite-view-store';
import type { ViewStore } from '../view-store.port';
import { slaCellsView, slaDurationsView } from './sla-cells';
import { slaTimesView } from './sla-times';
import { slaComplaintsView } from './sla-row';
import {
  expectSummariesMatchFold,
  projectInBatches,
  sampleFilters,
  sampleInstants,
  slaHistory,
} from './sla-summary-testing';
import { legacySummarizeSlaUntil } from './sla-summary.legacy';
import { rowAt, summarizeSlaUntil } from './sla-summary';
import { atRiskQueue, conditionsOf } from './sla-queries';
import { slaFacets } from './sla-facets';

const dump = async (views: ViewStore) => ({
  cells: await views.query(slaCellsView, { orderBy: [{ column: 'key', direction: 'asc' }] }),
  durations: await views.query(slaDurationsView, { orderBy: [{ column: 'key', direction: 'asc' }] }),
  times: await views.query(slaTimesView, { orderBy: [{ column: 'key', direction: 'asc' }] }),
});

describe('aggregated SLA summary (cells + live rows) equals the fold over every row', () => {
  const events = slaHistory(11, 600);
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-sla-cells-'));
  const db = openSqlite({ file: join(dir, 'views.db'), synchronous: 'normal' });
  const stores: Array<[string, ViewStore]> = [
    ['memory', new MemoryViewStore()],
    ['sqlite', new SqliteViewStore(db)],
  ];

  beforeAll(async () => {
    for (const [, views] of stores) await projectInBatches(views, events, 5);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(stores)('%s: for many filters at many instants', async (_name, views) => {
    const filters = sampleFilters(3, 70);
    const instants = await sampleInstants(views, 9, 40);
    expect(await expectSummariesMatchFold(views, filters, instants)).toBe(filters.length * instants.length);
    expect(await expectSummariesMatchFold(views, filters.slice(0, 10), instants.slice(0, 10), 2.5)).toBe(100);
  });

  it('incremental cells equal cells folded in one pass, in every store', async () => {
    const oneShot = new MemoryViewStore();
    await projectInBatches(oneShot, events, 1);
    const expected = await dump(oneShot);
    expect(expected.cells.length).toBeGreaterThan(100);
    for (const [, views] of stores) expect(await dump(views)).toEqual(expected);
  });

  it.each(stores)('%s: the at-risk queue equals sorting every open row', async (_name, views) => {
    const filters = sampleFilters(8, 25);
    const instants = await sampleInstants(views, 12, 12);
    for (const filter of filters) {
      const open = await views.query(slaComplaintsView, { where: conditionsOf({ ...filter, status: 'open' }) });
      for (const now of instants) {
        const all = open
          .map((r) => rowAt(r, now, 1))
          .sort((a, b) => (a.nextDeadlineAt ?? 0) - (b.nextDeadlineAt ?? 0) || a.raisedAt - b.raisedAt || a.complaintId.localeCompare(b.complaintId));
        for (const limit of [1, 7, 500]) expect(await atRiskQueue(views, now, 1, limit, filter)).toEqual(all.slice(0, limit));
      }
    }
  });

  it.each(stores)('%s: facets from the cells equal counting every row', async (_name, views) => {
    const rows = await views.query(slaComplaintsView);
    const count = (values: Array<string | null>) => {
      const counts = new Map<string, number>();
      for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    const raised = rows.map((r) => r.raisedAt);
    expect(await slaFacets(views)).toEqual({
      categories: count(rows.map((r) => r.category)),
      teams: count(rows.map((r) => r.team)),
      channels: count(rows.map((r) => r.channel)),
      firstRaisedAt: new Date(Math.min(...raised)).toISOString(),
      lastRaisedAt: new Date(Math.max(...raised)).toISOString(),
    });
    expect(await slaFacets(new MemoryViewStore())).toEqual({ categories: [], teams: [], channels: [], firstRaisedAt: null, lastRaisedAt: null });
  });

  it('the reference fold still answers what it answered before aggregates (unit cost 1 and 2.5)', async () => {
    const [, views] = stores[0];
    const rows = await views.query(slaComplaintsView);
    for (const now of await sampleInstants(views, 4, 30)) {
      for (const unitCost of [1, 2.5]) expect(summarizeSlaUntil(rows, now, unitCost)).toEqual(legacySummarizeSlaUntil(rows, now, unitCost));
    }
  });
});
