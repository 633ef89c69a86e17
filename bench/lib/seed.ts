import { join } from 'node:path';
import { openSqlite } from '../../libs/event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store';
import { runChild } from './child';
import { scratchDir } from './paths';
import { EVENT_COLUMNS, serializeRow, type SerializedRow } from './rows';
import type { BenchContext } from './scenario';
import { since } from './timing';
import { toNewEvent, workload } from './workload';

export interface SeededStore {
  file: string;
  events: number;
  /** Complaint ids are C-1 … C-<complaints>. */
  complaints: number;
  /** Whether every view has been built over the whole log. */
  viewsBuilt: boolean;
  /** Whether its audit chain has been sealed (see `sealChain`). */
  chainSealed?: boolean;
}

/**
 * A Tenfold SQLite file holding the workload's first `events` events, written with bare inserts
 * (setup, not measured). Built once per run and shared by the rebuild and queries scenarios.
 */
export const seededStore = (ctx: BenchContext, events: number): SeededStore => {
  const key = `seeded-sqlite-${events}`;
  const cached = ctx.shared.get(key) as SeededStore | undefined;
  if (cached) return cached;
  const scratch = scratchDir('seeded');
  ctx.onExit(scratch.remove);
  const file = join(scratch.dir, 'tenfold.db');
  const start = process.hrtime.bigint();
  const db = openSqlite({ file, synchronous: 'normal' });
  new SqliteEventStore(db);
  db.pragma('synchronous = OFF');
  const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const write = db.transaction((rows: SerializedRow[]) => {
    for (const r of rows) insert.run(r);
  });
  const versions = new Map<string, number>();
  let complaints = 0;
  let pending: SerializedRow[] = [];
  for (const fact of workload({ events })) {
    const version = (versions.get(fact.streamId) ?? -1) + 1;
    versions.set(fact.streamId, version);
    if (fact.eventType === 'ComplaintRaised') complaints++;
    pending.push(serializeRow(fact.streamId, version, toNewEvent(fact)));
    if (pending.length === 10_000) {
      write(pending);
      pending = [];
    }
  }
  write(pending);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  ctx.log(`seeded ${events.toLocaleString('en-US')} events (${complaints.toLocaleString('en-US')} complaints) in ${since(start).toFixed(1)} s`);
  const seeded: SeededStore = { file, events, complaints, viewsBuilt: false };
  ctx.shared.set(key, seeded);
  return seeded;
};

/** Seal the audit chain of a seeded store once (setup, not measured; see the rebuild child's `seal`). */
export const sealChain = async (store: SeededStore): Promise<RebuildReport> => {
  if (store.chainSealed) return { events: store.events, seconds: 0, maxRssMb: 0 };
  const report = await runChild<RebuildReport>('rebuild', { file: store.file, mode: 'seal' });
  store.chainSealed = true;
  return report;
};

export interface RebuildReport {
  events: number;
  seconds: number;
  maxRssMb: number;
  /** The rebuild threads used (TENFOLD_REBUILD_THREADS). */
  threads?: number;
}

/** Rebuild every view of a seeded store in a child process (the measured path of the rebuild scenario). */
export const rebuildViews = async (
  store: SeededStore,
  options: { profileAs?: string; threads?: number } = {},
): Promise<RebuildReport> => {
  const payload = { file: store.file, mode: 'tenfold', ...(options.threads ? { threads: options.threads } : {}) };
  const report = await runChild<RebuildReport>('rebuild', payload, { profileAs: options.profileAs });
  store.viewsBuilt = true;
  return report;
};
