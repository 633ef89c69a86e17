import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../event-store/sqlite/sqlite-database';
import { runIngestLedgerContract } from '../contract/ingest-ledger.contract';
import { SqliteIngestLedger } from './sqlite-ingest-ledger';

runIngestLedgerContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-ledger-'));
  const db = openSqlite({ file: join(dir, 'ledger.db'), synchronous: 'normal' });
  return {
    ledger: new SqliteIngestLedger(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
