import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { TenfoldConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store.port';
import { openSqlite } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { WriterThread, writerThreadAvailable } from '../event-store/sqlite/sqlite-writer-thread';
import { openPostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { poolOf } from '../event-store/postgres/postgres-migrations';
import { openPostgresIngestLedger } from '../ingestion/postgres/postgres-ingest-ledger';
import { openPostgresViewStore } from '../projections/postgres/postgres-view-store';
import type { IngestLedger } from '../ingestion/ingest-ledger.port';
import { Ingestor } from '../ingestion/ingestor';
import { SqliteIngestLedger } from '../ingestion/sqlite/sqlite-ingest-ledger';
import { allProjections } from '../projections/all-projections';
import { Projector, type ProjectorLogger } from '../projections/projector';
import { SqliteViewStore } from '../projections/sqlite/sqlite-view-store';
import type { ViewStore } from '../projections/view-store.port';
import { AuditChain } from '../projections/audit/audit-chain';
import { AutoEscalator } from '../ingestion/auto-escalator';
import { ProjectorThread, projectorThreadAvailable } from './projector-thread';
import { RebuildThreads, rebuildThreadsAvailable } from './rebuild-threads';
import { ThreadWriteLock } from '../event-store/sqlite/sqlite-write-lock';
import { SignalledEventStore, type StoreSignals } from './signalled-event-store';

/** What the app uses of a projector: the in-process `Projector`, or the proxy of one in a worker thread. */
export type ProjectorHandle = Pick<
  Projector,
  'projections' | 'start' | 'stop' | 'catchUp' | 'rebuild' | 'position' | 'waitFor' | 'onProgress'
>;

export interface RuntimeOptions {
  /**
   * The API: with TENFOLD_PROJECTOR=thread, run the projector (and the audit chain and the
   * auto-escalation sweep) in a worker thread with its own connections. Where the compiled worker
   * cannot load (TypeScript sources under ts-jest), the projector runs inline instead.
   */
  projectorThread?: boolean;
  /** Wrap the store: a hook after each append, and an outside wake-up for its subscriptions. */
  signals?: StoreSignals;
  /** Embedded SQLite: open the views on a second connection with this synchronous mode. */
  viewsSync?: 'full' | 'normal';
  /**
   * Embedded SQLite on a file: commit appends on a writer thread with its own connection, so this
   * event loop never waits for the disk (where the compiled thread is available). Reads stay here.
   */
  writerThread?: boolean;
  /** Embedded SQLite: how long a write waits for another connection's lock (default 5 s). */
  busyTimeoutMs?: number;
  /**
   * Embedded SQLite on a file: the process's write lock for it (see `ThreadWriteLock`), when a thread
   * that opened it already made one; else a new one, handed to every thread this runtime starts.
   */
  writeLock?: SharedArrayBuffer;
}

/** The wired parts of one Tenfold process: store, views, ingestion ledger, projector, ingestor. */
export interface Runtime {
  config: TenfoldConfig;
  store: EventStore;
  views: ViewStore;
  ledger: IngestLedger;
  projector: ProjectorHandle;
  /** The worker thread's proxy when the projector runs there (TENFOLD_PROJECTOR=thread). */
  projectorThread?: ProjectorThread;
  ingestor: Ingestor;
  /** The hash chain that seals the log: read and verified here, sealed by the projector wherever it runs. */
  auditChain: AuditChain;
  /** Escalates open complaints near a deadline; swept wherever the projector runs. */
  autoEscalator: AutoEscalator;
  close(): Promise<void>;
}

/** Open the configured store (SQLite file or PostgreSQL) and wire everything over it. */
export const openRuntime = async (
  requested: TenfoldConfig,
  logger?: ProjectorLogger,
  options: RuntimeOptions = {},
): Promise<Runtime> => {
  // Embedded SQLite on a file (a second connection can open it). PostgreSQL keeps the inline projector here.
  const shareable = requested.store === 'sqlite' && requested.sqliteFile !== ':memory:';
  const thread =
    requested.projector === 'thread' &&
    options.projectorThread === true &&
    shareable &&
    projectorThreadAvailable();
  // `thread` only means something to the API; anywhere else (or without the compiled worker) it is inline.
  const config: TenfoldConfig =
    requested.projector === 'thread' && !thread ? { ...requested, projector: 'inline' } : requested;
  const writer = options.writerThread === true && shareable && writerThreadAvailable();
  // Every thread of this process that writes the file takes the same lock first.
  const writeLock = shareable ? (options.writeLock ?? ThreadWriteLock.create()) : undefined;
  // The writer thread wakes the projector thread itself, right after each commit.
  const wake = writer && thread ? new MessageChannel() : undefined;
  const opened =
    config.store === 'postgres'
      ? await openPostgresParts(config)
      : openSqliteParts(config, {
          viewsSync: options.viewsSync,
          writerThread: writer ? { appended: wake?.port1 } : undefined,
          busyTimeoutMs: options.busyTimeoutMs,
          writeLock,
        });
  const projections = allProjections(config);
  const projectorThread = thread
    ? new ProjectorThread(config, projections, {
        logger,
        ...(wake ? { appended: wake.port2 } : {}),
        ...(writeLock ? { writeLock } : {}),
      })
    : undefined;
  const signals: StoreSignals | undefined = projectorThread
    ? {
        onAppended: () => {
          if (!(opened.writerWakes?.() && projectorThread.wokenByWriter)) projectorThread.notifyAppended();
        },
      }
    : options.signals;
  const parts = {
    ...opened,
    ...(signals ? { store: new SignalledEventStore(opened.store, signals) } : {}),
  };
  // A full rebuild shares the projections out to threads with connections of their own to the same
  // SQLite file (PostgreSQL rebuilds in this thread: the threads are not tested against it yet).
  const parallel = config.rebuildThreads > 1 && projections.length > 1 && shareable && rebuildThreadsAvailable();
  // The projector seals the audit chain in the same reads and commits as the views.
  const auditChain = new AuditChain(parts.store, parts.views);
  const projector =
    projectorThread ??
    new Projector(parts.store, parts.views, projections, logger, {
      evidence: [auditChain.projection],
      ...(parallel ? { rebuilder: new RebuildThreads(config, config.rebuildThreads, logger, { writeLock }) } : {}),
    });
  const ingestor = new Ingestor(parts.store, parts.ledger, { parkMaxAgeMs: config.parkMaxAgeMs });
  const autoEscalator = new AutoEscalator(parts.views, ingestor, config.autoEscalation);
  return {
    config,
    ...parts,
    projector,
    ...(projectorThread ? { projectorThread } : {}),
    ingestor,
    auditChain,
    autoEscalator,
    async close() {
      await projector.stop();
      await parts.close();
    },
  };
};

interface StorageParts {
  store: EventStore;
  /** Whether the writer thread posts to the wake-up port it was given (false once it was restarted). */
  writerWakes?: () => boolean;
  views: ViewStore;
  ledger: IngestLedger;
  close(): Promise<void>;
}

interface SqliteParts {
  viewsSync?: 'full' | 'normal';
  writerThread?: { appended?: MessagePort };
  busyTimeoutMs?: number;
  writeLock?: SharedArrayBuffer;
}

const openSqliteParts = (
  config: TenfoldConfig,
  { viewsSync, writerThread, busyTimeoutMs, writeLock }: SqliteParts,
): StorageParts => {
  const locked = writeLock ? { writeLock } : {};
  const db = openSqlite({ file: config.sqliteFile, synchronous: config.sqliteSync, busyTimeoutMs, ...locked });
  let writer: WriterThread | undefined;
  const store = new SqliteEventStore(
    db,
    writerThread
      ? {
          committer: () =>
            (writer = new WriterThread({ file: config.sqliteFile, synchronous: config.sqliteSync, ...writerThread, ...locked })),
        }
      : {},
  );
  // Views are derived from events already synced; losing their last commits on power loss only replays them.
  const viewsDb =
    viewsSync && config.sqliteFile !== ':memory:'
      ? openSqlite({ file: config.sqliteFile, synchronous: viewsSync, busyTimeoutMs, ...locked })
      : db;
  return {
    store,
    writerWakes: () => writer?.wakesDirectly ?? false,
    views: new SqliteViewStore(viewsDb),
    ledger: new SqliteIngestLedger(db),
    async close() {
      await store.close();
      if (viewsDb !== db) viewsDb.close();
      db.close();
    },
  };
};

/** One pool for the store, the views and the ledger, all in `TENFOLD_PG_SCHEMA` (migrated on open). */
const openPostgresParts = async (config: TenfoldConfig): Promise<StorageParts> => {
  const { pool } = poolOf({ connectionString: config.databaseUrl });
  const target = { pool, schema: config.pgSchema };
  const opened: Array<{ close(): Promise<void> }> = [];
  const track = <T extends { close(): Promise<void> }>(part: T): T => (opened.push(part), part);
  let closed = false;
  const closeAll = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const part of opened.reverse()) await part.close();
    await pool.end();
  };
  try {
    // Sequential: the migrations take the schema's DDL lock one after the other anyway.
    const store = track(await openPostgresEventStore(target));
    const views = track(await openPostgresViewStore(target));
    const ledger = track(await openPostgresIngestLedger(target));
    return { store, views, ledger, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
};
