import type { TenfoldConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store.port';
import { openSqlite } from '../event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { IngestLedger } from '../ingestion/ingest-ledger.port';
import { Ingestor } from '../ingestion/ingestor';
import { SqliteIngestLedger } from '../ingestion/sqlite/sqlite-ingest-ledger';
import { allProjections } from '../projections/all-projections';
import { Projector, type ProjectorLogger } from '../projections/projector';
import { SqliteViewStore } from '../projections/sqlite/sqlite-view-store';
import type { ViewStore } from '../projections/view-store.port';

/** The wired parts of one Tenfold process: store, views, ingestion ledger, projector, ingestor. */
export interface Runtime {
  config: TenfoldConfig;
  store: EventStore;
  views: ViewStore;
  ledger: IngestLedger;
  projector: Projector;
  ingestor: Ingestor;
  close(): Promise<void>;
}

/** Open the configured store (SQLite file or PostgreSQL) and wire everything over it. */
export const openRuntime = async (config: TenfoldConfig, logger?: ProjectorLogger): Promise<Runtime> => {
  const parts = config.store === 'postgres' ? await openPostgresParts(config) : openSqliteParts(config);
  const projector = new Projector(parts.store, parts.views, allProjections(config), logger);
  const ingestor = new Ingestor(parts.store, parts.ledger, { parkMaxAgeMs: config.parkMaxAgeMs });
  return {
    config,
    ...parts,
    projector,
    ingestor,
    async close() {
      await projector.stop();
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

const openPostgresParts = async (_config: TenfoldConfig): Promise<StorageParts> => {
  throw new Error('TENFOLD_STORE=postgres is not wired yet');
};
