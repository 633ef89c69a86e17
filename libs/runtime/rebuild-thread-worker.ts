import { parentPort, workerData } from 'node:worker_threads';
import { allProjections } from '../projections/all-projections';
import { Projector } from '../projections/projector';
import type { FromRebuildThread, RebuildThreadData } from './rebuild-threads';
import { openRuntime } from './runtime';

/**
 * One rebuild thread (see `RebuildThreads`): opens the store on connections of its own, rebuilds
 * its share of the projections from zero over the whole log, reports, closes and ends.
 */
const port = parentPort;
if (!port) throw new Error('rebuild-thread-worker runs as a worker thread');
const post = (message: FromRebuildThread): void => port.postMessage(message);
const log = (level: 'error' | 'log', message: string, context?: Record<string, unknown>): void =>
  post({ type: 'log', level, message, ...(context ? { context } : {}) });

const main = async (): Promise<void> => {
  const { config, projections: names, writeLock } = workerData as RebuildThreadData;
  // No threads of its own: this share is rebuilt here, with one read of the log.
  const runtime = await openRuntime(
    { ...config, projector: 'inline', rebuildThreads: 1 },
    { error: (message, context) => log('error', message, context) },
    { viewsSync: 'normal', busyTimeoutMs: 120_000, ...(writeLock ? { writeLock } : {}) },
  );
  try {
    const share = allProjections(config).filter((p) => names.includes(p.name));
    const missing = names.filter((name) => !share.some((p) => p.name === name));
    if (missing.length > 0) throw new Error(`unknown projections: ${missing.join(', ')}`);
    const projector = new Projector(runtime.store, runtime.views, share, {
      error: (message, context) => log('error', message, context),
      log: (message, context) => log('log', message, context),
    });
    await projector.rebuild();
  } finally {
    await runtime.close();
  }
};

const started = Date.now();
const timing = (): { seconds: number } => ({ seconds: (Date.now() - started) / 1000 });
main().then(
  () => post({ type: 'done', ...timing() }),
  (error: unknown) =>
    post({
      type: 'done',
      ...timing(),
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
);
