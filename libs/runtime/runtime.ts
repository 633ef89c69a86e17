import type { TenfoldConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store.port';
import { openSqlite } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
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

/** The wired parts of one Tenfold process: store, views, ingestion ledger, projector, ingestor. */
export interface Runtime {
  config: TenfoldConfig;
  store: EventStore;
  views: ViewStore;
  ledger: IngestLedger;
  projector: Projector;
  ingestor: Ingestor;
  /** Seals the log in a hash chain; runs wherever the projector runs. */
  auditChain: AuditChain;
  /** Escalates open complaints near a deadline; swept wherever the projector runs. */
  autoEscalator: AutoEscalator;
  close(): Promise<void>;
}

/** Open the configured store (SQLite file or PostgreSQL) and wire everything over it. */
export const openRuntime = async (config: TenfoldConfig, logger?: ProjectorLogger): Promise<Runtime> => {
  const parts = config.store === 'postgres' ? await openPostgresParts(config) : openSqliteParts(config);
  const projector = new Projector(parts.store, parts.views, allProjections(config), logger);
  const ingestor = new Ingestor(parts.store, parts.ledger, { parkMaxAgeMs: config.parkMaxAgeMs });
  const auditChain = new AuditChain(parts.store, parts.views);
  const autoEscalator = new AutoEscalator(parts.views, ingestor, config.autoEscalation);
  return {
    config,
    ...parts,
    projector,
    ingestor,
    auditChain,
    autoEscalator,
    async close() {
      await projector.stop();
      await auditChain.stop();
      await parts.close();
    },
  };
};

interface StorageParts {
  store: EventStore;
  views: ViewStore;
  ledger: IngestLedger;
  close(): Promise<void>;
}

const openSqliteParts = (config: TenfoldConfig): StorageParts => {
  const db = openSqlite({ file: config.sqliteFile, synchronous: config.sqliteSync });
  const store = new SqliteEventStore(db);
  return {
    store,
    views: new SqliteViewStore(db),
    ledger: new SqliteIngestLedger(db),
    async close() {
      await store.close();
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
