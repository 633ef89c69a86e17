import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { quoteIdent } from '../../event-store/postgres/postgres-migrations';
import { MemoryViewStore } from '../memory/memory-view-store';
import { openPostgresViewStore, type PostgresViewStore } from '../postgres/postgres-view-store';
import { slaCellsView, slaDurationsView } from './sla-cells';
import { slaTimesView } from './sla-times';
import { expectSummariesMatchFold, projectInBatches, sampleFilters, sampleInstants, slaHistory } from './sla-summary-testing';

const connectionString = process.env.TENFOLD_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('aggregated SLA summary on PostgreSQL', () => {
  const schema = `tenfold_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Pool({ connectionString, max: 1 });
  let views: PostgresViewStore;
  const events = slaHistory(21, 300);

  beforeAll(async () => {
    views = await openPostgresViewStore({ connectionString, schema, poolSize: 2 });
    await projectInBatches(views, events, 3);
  });
  afterAll(async () => {
    await views.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await admin.end();
  });

  it('equals the fold over every row for many filters and instants', async () => {
    const filters = sampleFilters(5, 30);
    const instants = await sampleInstants(views, 6, 15);
    expect(await expectSummariesMatchFold(views, filters, instants)).toBe(filters.length * instants.length);
  });

  it('holds the same cells as a one-pass fold in memory', async () => {
    const memory = new MemoryViewStore();
    await projectInBatches(memory, events, 1);
    const byKey = { orderBy: [{ column: 'key', direction: 'asc' as const }] };
    expect(await views.query(slaCellsView, byKey)).toEqual(await memory.query(slaCellsView, byKey));
    expect(await views.query(slaDurationsView, byKey)).toEqual(await memory.query(slaDurationsView, byKey));
    expect(await views.query(slaTimesView, byKey)).toEqual(await memory.query(slaTimesView, byKey));
  });
});
