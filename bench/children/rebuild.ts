import Database from 'better-sqlite3';
import { loadConfig } from '../../libs/config/config';
import { openRuntime } from '../../libs/runtime/runtime';
import { payloadOf, report } from '../lib/child';
import { since } from '../lib/timing';

/**
 * Child process of the rebuild scenario, so its peak RSS is its own. `tenfold`: every view rebuilt
 * from zero with `projector.rebuild()`; `limit`: the bare read — iterate the log and JSON.parse it;
 * `seal`: setup, not measured — seal the audit chain of a store written with bare inserts (a live
 * store's chain is sealed as events arrive, and a rebuild keeps it).
 */
interface Payload {
  file: string;
  mode: 'tenfold' | 'limit' | 'seal';
  /** TENFOLD_REBUILD_THREADS (default: what a user gets, one per core). */
  threads?: number;
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

const tenfold = async (file: string, threads?: number) => {
  const env = { TENFOLD_DB: file, TENFOLD_LOG_LEVEL: 'error', ...(threads ? { TENFOLD_REBUILD_THREADS: String(threads) } : {}) };
  const runtime = await openRuntime(loadConfig(env), {
    error: (message, context) => console.error(message, context),
  });
  const events = await runtime.store.headPosition();
  const start = process.hrtime.bigint();
  await runtime.projector.rebuild();
  const seconds = since(start);
  await runtime.close();
  return { events, seconds, threads: runtime.config.rebuildThreads, projections: runtime.projector.projections.map((p) => p.name) };
};

const seal = async (file: string) => {
  const runtime = await openRuntime(loadConfig({ TENFOLD_DB: file, TENFOLD_LOG_LEVEL: 'error' }));
  const start = process.hrtime.bigint();
  await runtime.auditChain.catchUp();
  const seconds = since(start);
  const events = (await runtime.auditChain.head())?.position ?? 0;
  await runtime.close();
  return { events, seconds };
};

const limit = (file: string) => {
  const db = new Database(file, { readonly: true });
  const start = process.hrtime.bigint();
  let events = 0;
  let bytes = 0;
  const rows = db.prepare('SELECT global_position, stream_id, stream_version, type, data, metadata FROM events ORDER BY global_position');
  for (const r of rows.iterate() as Iterable<{ data: string; metadata: string }>) {
    const data = JSON.parse(r.data) as object;
    const metadata = JSON.parse(r.metadata) as object;
    if (data && metadata) events++;
    bytes += r.data.length;
  }
  const seconds = since(start);
  db.close();
  return { events, seconds, bytes };
};

const main = async () => {
  const { file, mode, threads } = payloadOf<Payload>();
  const result = mode === 'tenfold' ? await tenfold(file, threads) : mode === 'seal' ? await seal(file) : limit(file);
  const cpu = process.cpuUsage();
  report({ ...result, maxRssMb: maxRssMb(), cpuSeconds: (cpu.user + cpu.system) / 1e6 });
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
