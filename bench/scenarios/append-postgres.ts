import { Client } from 'pg';
import { openPostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { emmettCore, emmettPostgres, peerName } from '../lib/peers';
import { row, type ResultRow } from '../lib/report';
import { EVENT_COLUMNS, toBatches } from '../lib/rows';
import { size, type BenchContext, type Scenario } from '../lib/scenario';
import type { Throughput } from '../lib/timing';
import { appendEvents, BATCH_SIZES, compareAppenders, type Appender } from './append-sqlite';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A connection string whose sessions use `schema` (Emmett creates its tables unqualified). */
const withSearchPath = (url: string, schema: string): string => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
};

/** Whether the server answers; the scenario is skipped otherwise. */
export const postgresUp = async (url = DATABASE_URL): Promise<boolean> => {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const dropSchemas = (...schemas: string[]) =>
  admin(async (c) => {
    for (const schema of schemas) await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

/** Tenfold's PostgreSQL store (default settings: advisory append lock, NOTIFY on append); each appender owns its schema. */
const tenfoldPostgres = async (schema: string): Promise<Appender> => {
  const store = await openPostgresEventStore({ connectionString: DATABASE_URL, schema, poolSize: 2 });
  return {
    async append(batch) {
      await store.append(batch.streamId, batch.events, 'no_stream');
      return batch.events.length;
    },
    close: async () => {
      await store.close();
      await dropSchemas(schema);
    },
  };
};

/** Emmett's PostgreSQL store in its own schema (dropped on close: Emmett finds its functions by name in any schema). */
const emmettPostgresAppender = async (schema: string): Promise<Appender> => {
  const { getPostgreSQLEventStore } = emmettPostgres();
  const { STREAM_DOES_NOT_EXIST } = emmettCore();
  await admin((c) => c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
  const store = getPostgreSQLEventStore(withSearchPath(DATABASE_URL, schema));
  await store.appendToStream('setup-0', [{ type: 'SchemaCreated', data: {} }]);
  return {
    async append(batch) {
      await store.appendToStream(
        batch.streamId,
        batch.events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
        { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
      );
      return batch.events.length;
    },
    close: async () => {
      await store.close();
      await dropSchemas(schema);
    },
  };
};

/** The limit: one plain `pg` multi-row INSERT of the same serialized rows per batch into Tenfold's table. */
const barePostgres = async (schema: string): Promise<Appender> => {
  await (await openPostgresEventStore({ connectionString: DATABASE_URL, schema, poolSize: 1 })).close();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  const table = `${schema}.events`;
  const { rows } = await client.query<{ head: string }>(`SELECT COALESCE(MAX(global_position), 0) AS head FROM ${table}`);
  let position = Number(rows[0].head);
  const sqlBySize = new Map<number, string>();
  const sqlFor = (n: number): string => {
    let sql = sqlBySize.get(n);
    if (!sql) {
      const tuples = Array.from({ length: n }, (_, i) => `(${Array.from({ length: 9 }, (_, j) => `$${i * 9 + j + 1}`).join(', ')})`);
      sql = `INSERT INTO ${table} (global_position, ${EVENT_COLUMNS}) VALUES ${tuples.join(', ')}`;
      sqlBySize.set(n, sql);
    }
    return sql;
  };
  return {
    async append(batch) {
      const values = batch.rows.flatMap((r) => [++position, ...r]);
      await client.query(sqlFor(batch.rows.length), values);
      return batch.rows.length;
    },
    close: async () => {
      await client.end();
      await dropSchemas(schema);
    },
  };
};

export const appendPostgres: Scenario = {
  name: 'append-postgres',
  title: 'PostgreSQL append: Tenfold store vs Emmett-PostgreSQL vs bare pg multi-row INSERT (same server, synchronous_commit=on)',
  async run(ctx: BenchContext) {
    if (!(await postgresUp())) return { skipped: `PostgreSQL is not answering at ${DATABASE_URL} (set DATABASE_URL)` };
    const seconds = size(ctx, 2.4, 0.25);
    const events = appendEvents(size(ctx, 60_000, 4_000));
    const peer = peerName('@event-driven-io/emmett-postgresql');
    const prefix = `bench_${process.pid}`;
    const rows: ResultRow[] = [];
    for (const batchSize of BATCH_SIZES) {
      const batches = toBatches(events, batchSize, 'bench');
      const schemas = (label: string) => `${prefix}_${label.replace('-', '_')}`;
      for (const label of ['tenfold', 'emmett', 'limit']) await dropSchemas(schemas(label), schemas(`${label}-warm`));
      let measured: Record<string, Throughput>;
      try {
        measured = await compareAppenders(
          { tenfold: tenfoldPostgres, emmett: emmettPostgresAppender, limit: barePostgres },
          batches,
          schemas,
          seconds,
          size(ctx, 4, 1),
        );
      } finally {
        for (const label of ['tenfold', 'emmett', 'limit']) await dropSchemas(schemas(label), schemas(`${label}-warm`));
      }
      const { tenfold, emmett, limit } = measured;
      ctx.log(
        `batch=${batchSize}: tenfold ${tenfold.units} events in ${tenfold.seconds.toFixed(2)} s, emmett ${emmett.units} in ${emmett.seconds.toFixed(2)} s, limit ${limit.units} in ${limit.seconds.toFixed(2)} s`,
      );
      rows.push(row(`batch=${batchSize}`, 'events/s', tenfold.perSecond, { name: peer, value: emmett.perSecond }, limit.perSecond));
    }
    return { rows };
  },
};
