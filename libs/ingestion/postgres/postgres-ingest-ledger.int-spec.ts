import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '../../event-store/postgres/postgres-event-store';
import { quoteIdent } from '../../event-store/postgres/postgres-migrations';
import { PostgresViewStore } from '../../projections/postgres/postgres-view-store';
import { runIngestLedgerContract } from '../contract/ingest-ledger.contract';
import { openPostgresIngestLedger, PostgresIngestLedger } from './postgres-ingest-ledger';

const connectionString = process.env.TENFOLD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new Pool({ connectionString, max: 1 });
const freshSchema = (): string => `tenfold_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const dropSchema = (schema: string) => admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);

afterAll(() => admin.end());

runIngestLedgerContract('postgres', async () => {
  const schema = freshSchema();
  const ledger = await openPostgresIngestLedger({ connectionString, schema, poolSize: 2 });
  return {
    ledger,
    cleanup: async () => {
      await ledger.close();
      await dropSchema(schema);
    },
  };
});

const parked = (key: string, eventId = 'e') => ({
  streamId: 's',
  idempotencyKey: key,
  eventId,
  occurredAt: 1,
  parkedAt: 2,
  origin: 'http' as const,
  envelope: {
    source: 'x',
    sourceEventId: key,
    type: 'complaint.raised' as const,
    occurredAt: '2026-01-01T00:00:00Z',
    data: {},
  },
});

describe('postgres ingest ledger', () => {
  it('migrates once per component when every component starts at once on a new schema', async () => {
    const schema = freshSchema();
    const pool = new Pool({ connectionString, max: 6 });
    try {
      const ledgers = Array.from({ length: 3 }, () => new PostgresIngestLedger(pool, { schema }));
      await Promise.all([
        ...ledgers.map((l) => l.init()),
        new PostgresEventStore(pool, { schema }).init(),
        new PostgresViewStore(pool, { schema }).init(),
      ]);
      expect(await ledgers[0].park(parked('k'))).toBe('parked');
      expect(await ledgers[2].park(parked('k', 'e2'))).toBe('duplicate');
      expect((await ledgers[1].findParked('k'))?.eventId).toBe('e');
      const { rows } = await admin.query(
        `SELECT component, version FROM ${quoteIdent(schema)}.schema_migrations ORDER BY component, version`,
      );
      expect(rows).toEqual([
        { component: 'event-store', version: 1 },
        { component: 'event-store', version: 2 },
        { component: 'event-store', version: 3 },
        { component: 'ingest-ledger', version: 1 },
        { component: 'views', version: 1 },
      ]);
    } finally {
      await pool.end();
      await dropSchema(schema);
    }
  });
});
