import { join } from 'node:path';
import { openSqlite } from '../../libs/event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store';
import type { NewEvent } from '../../libs/event-store/event-store.port';
import { emmettCore, emmettSqlite, peerName } from '../lib/peers';
import { scratchDir } from '../lib/paths';
import { row, type ResultRow } from '../lib/report';
import { EVENT_COLUMNS, toBatches, type Batch } from '../lib/rows';
import { size, type BenchContext, type Scenario } from '../lib/scenario';
import { timeBox, type Throughput } from '../lib/timing';
import { facts, toNewEvent } from '../lib/workload';

export const BATCH_SIZES = [1, 10, 100, 1000] as const;

/** An append implementation under test: open a database file, append batches, close. */
export interface Appender {
  append(batch: Batch): number | Promise<number>;
  close(): void | Promise<void>;
}

/** Tenfold's embedded store: WAL, synchronous=FULL (its default, `TENFOLD_SQLITE_SYNC=full`). */
export const tenfoldSqlite = (file: string): Appender => {
  const db = openSqlite({ file, synchronous: 'full' });
  const store = new SqliteEventStore(db);
  return {
    async append(batch) {
      await store.append(batch.streamId, batch.events, 'no_stream');
      return batch.events.length;
    },
    close: () => void db.close(),
  };
};

/** The limit: bare better-sqlite3 prepared inserts of the same serialized rows, one immediate transaction per batch. */
export const bareSqlite = (file: string): Appender => {
  const db = openSqlite({ file, synchronous: 'full' });
  new SqliteEventStore(db); // the same table and indexes as Tenfold's
  const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const write = db.transaction((rows: Batch['rows']) => {
    for (const r of rows) insert.run(r);
  });
  return {
    append(batch) {
      write.immediate(batch.rows);
      return batch.rows.length;
    },
    close: () => void db.close(),
  };
};

/** Emmett's SQLite event store on one reused connection (its default opens a connection per call), WAL + synchronous=FULL. */
const emmettSqliteAppender = async (file: string): Promise<Appender> => {
  const { sqliteConnection, getSQLiteEventStore } = emmettSqlite();
  const { STREAM_DOES_NOT_EXIST } = emmettCore();
  const connection = sqliteConnection({ fileName: file });
  await connection.command('PRAGMA synchronous = FULL');
  const mode = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
  const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
  if (mode?.journal_mode !== 'wal' || sync?.synchronous !== 2) throw new Error(`emmett-sqlite durability is not WAL+FULL: ${JSON.stringify({ mode, sync })}`);
  const store = getSQLiteEventStore({ fileName: file, connectionOptions: { connection, singleton: true } });
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
    close: () => connection.close(),
  };
};

/**
 * Emmett-SQLite opens each connection with `db.run('PRAGMA journal_mode = WAL;')` and no callback. With a
 * connection per call, node-sqlite3 sometimes runs it after that call's `BEGIN`; SQLite refuses ("cannot
 * change into wal mode from within a transaction") and the error is emitted on a statement nobody listens
 * to, which would end the bench. The file is in WAL mode already (the first call set it, and WAL persists),
 * so the refused pragma changes nothing: while the scenario runs, count those and let the peer go on.
 * Any other uncaught error still ends the process.
 */
const tolerateWalPragmaRace = (): { count: () => number; remove: () => void } => {
  let races = 0;
  const handler = (error: Error): void => {
    if ((error as { code?: string }).code === 'SQLITE_ERROR' && error.message.includes('cannot change into wal mode from within a transaction')) {
      races++;
      return;
    }
    console.error(error);
    process.exit(1);
  };
  process.on('uncaughtException', handler);
  return { count: () => races, remove: () => process.off('uncaughtException', handler) };
};

/** Emmett-SQLite exactly as `getSQLiteEventStore({ fileName })` runs out of the box: a new connection per call. */
const emmettSqliteDefault = async (file: string): Promise<Appender> => {
  const { getSQLiteEventStore } = emmettSqlite();
  const { STREAM_DOES_NOT_EXIST } = emmettCore();
  const store = getSQLiteEventStore({ fileName: file });
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
    close: () => undefined,
  };
};

export type OpenAppender = (target: string) => Appender | Promise<Appender>;

/**
 * Measure several implementations on the same batches. Each is warmed up on a throwaway target,
 * then they take turns in `rounds` slices of `seconds / rounds`, each continuing where it stopped,
 * so a burst of load from elsewhere on the machine hits them all alike.
 */
export const compareAppenders = async (
  impls: Record<string, OpenAppender>,
  batches: Batch[],
  target: (label: string) => string,
  seconds: number,
  rounds = 4,
): Promise<Record<string, Throughput>> => {
  const open: Record<string, Appender> = {};
  const next: Record<string, number> = {};
  const totals: Record<string, Throughput> = {};
  try {
    for (const [label, openAppender] of Object.entries(impls)) {
      const warm = await openAppender(target(`${label}-warm`));
      await timeBox(Math.min(0.3, seconds / 6), batches.length, (i) => warm.append(batches[i]));
      await warm.close();
      open[label] = await openAppender(target(label));
      next[label] = 0;
      totals[label] = { units: 0, seconds: 0, perSecond: 0, steps: 0 };
    }
    for (let round = 0; round < rounds; round++) {
      for (const label of Object.keys(impls)) {
        const from = next[label];
        if (from >= batches.length) continue;
        const slice = await timeBox(seconds / rounds, batches.length - from, (i) => open[label].append(batches[from + i]));
        next[label] += slice.steps;
        const total = totals[label];
        total.units += slice.units;
        total.seconds += slice.seconds;
        total.steps += slice.steps;
        total.perSecond = total.units / total.seconds;
      }
    }
  } finally {
    for (const appender of Object.values(open)) await appender.close();
  }
  return totals;
};

/** One implementation alone (warm-up, then a single slice). */
export const measureAppender = async (open: OpenAppender, batches: Batch[], dir: string, label: string, seconds: number): Promise<Throughput> =>
  (await compareAppenders({ [label]: open }, batches, (l) => join(dir, `${l}.db`), seconds, 1))[label];

/** The workload's first `n` events, as Tenfold's command path would build them. */
export const appendEvents = (n: number): NewEvent[] => facts(n).map(toNewEvent);

export const appendSqlite: Scenario = {
  name: 'append-sqlite',
  title: 'Embedded append: SQLite store vs Emmett-SQLite vs bare better-sqlite3 (WAL, synchronous=FULL for all three)',
  async run(ctx: BenchContext) {
    const seconds = size(ctx, 2.4, 0.25);
    const events = appendEvents(size(ctx, 150_000, 4_000));
    const peer = peerName('@event-driven-io/emmett-sqlite');
    const rows: ResultRow[] = [];
    const pragmaRace = tolerateWalPragmaRace();
    try {
      await appendRows(ctx, { seconds, events, peer, rows });
    } finally {
      pragmaRace.remove();
    }
    if (pragmaRace.count() > 0) ctx.log(`emmett-sqlite: its WAL pragma was refused inside a transaction ${pragmaRace.count()} time(s) (the file was in WAL mode already)`);
    return { rows };
  },
};

/** Each batch size: Tenfold, Emmett and the limit taking turns (Emmett's default config too at batch 100). */
const appendRows = async (
  ctx: BenchContext,
  { seconds, events, peer, rows }: { seconds: number; events: NewEvent[]; peer: string; rows: ResultRow[] },
): Promise<void> => {
  for (const batchSize of BATCH_SIZES) {
    const scratch = scratchDir(`append-sqlite-${batchSize}`);
    try {
      const batches = toBatches(events, batchSize, 'bench');
      const impls: Record<string, OpenAppender> = { tenfold: tenfoldSqlite, emmett: emmettSqliteAppender, limit: bareSqlite };
      // The orientation figure for Emmett (≈ 9.6k events/s at batch 100) is its default configuration.
      if (batchSize === 100) impls.emmettDefault = emmettSqliteDefault;
      const { tenfold, emmett, limit, emmettDefault } = await compareAppenders(
        impls,
        batches,
        (label) => join(scratch.dir, `${label}.db`),
        seconds,
        size(ctx, 4, 1),
      );
      ctx.log(
        `batch=${batchSize}: tenfold ${tenfold.units} events in ${tenfold.seconds.toFixed(2)} s, emmett ${emmett.units} in ${emmett.seconds.toFixed(2)} s, limit ${limit.units} in ${limit.seconds.toFixed(2)} s`,
      );
      rows.push(row(`batch=${batchSize}`, 'events/s', tenfold.perSecond, { name: peer, value: emmett.perSecond }, limit.perSecond));
      if (emmettDefault) {
        rows.push(
          row(`batch=${batchSize}, peer in its default config (a connection per call)`, 'events/s', tenfold.perSecond, { name: peer, value: emmettDefault.perSecond }, limit.perSecond),
        );
      }
    } finally {
      scratch.remove();
    }
  }
};

