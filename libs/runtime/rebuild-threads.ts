import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TenfoldConfig } from '../config/config';
import type { ProjectionRebuilder, ProjectorLogger } from '../projections/projector';
import { rebuildShares } from '../projections/rebuild-shares';
import type { Projection } from '../projections/view-store.port';

/** The compiled worker next to this module; absent when running the TypeScript sources (ts-jest). */
export const REBUILD_THREAD_SCRIPT = join(__dirname, 'rebuild-thread-worker.js');
export const rebuildThreadsAvailable = (script = REBUILD_THREAD_SCRIPT): boolean => existsSync(script);

/** What a rebuild thread is given: the settings to open the store with, and its share of projections. */
export interface RebuildThreadData {
  config: TenfoldConfig;
  projections: string[];
  /** The process's write lock for the SQLite file (see `ThreadWriteLock`). */
  writeLock?: SharedArrayBuffer;
}

/** Rebuild thread → the thread that started it. */
export type FromRebuildThread =
  | { type: 'done'; seconds: number; error?: string }
  | { type: 'log'; level: 'error' | 'log'; message: string; context?: Record<string, unknown> };

/**
 * Rebuilds projections on worker threads, each with its own connections and its own share of the
 * projections (about equal rebuild weight): every thread reads the log once and rebuilds its share
 * from zero, so the shares run on separate cores at the price of one extra read of the log each.
 * If any thread fails, the others are stopped and the rebuild fails; checkpoints left at
 * `REBUILDING` make the next start rebuild those projections again.
 */
export class RebuildThreads implements ProjectionRebuilder {
  constructor(
    private readonly config: TenfoldConfig,
    private readonly threads: number,
    private readonly logger: ProjectorLogger = { error: () => undefined },
    private readonly options: { script?: string; writeLock?: SharedArrayBuffer } = {},
  ) {}

  async rebuild(projections: Projection[]): Promise<void> {
    const shares = rebuildShares(projections, this.threads);
    const started = Date.now();
    const workers: Worker[] = [];
    let timings: Array<{ seconds: number }>;
    try {
      timings = await Promise.all(
        shares.map((share) => {
          const { writeLock, script = REBUILD_THREAD_SCRIPT } = this.options;
          const data: RebuildThreadData = {
            config: this.config,
            projections: share.map((p) => p.name),
            ...(writeLock ? { writeLock } : {}),
          };
          const worker = new Worker(script, { workerData: data });
          workers.push(worker);
          return this.outcome(worker, data.projections);
        }),
      );
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    this.logger.log?.('projections rebuilt in parallel', {
      seconds: (Date.now() - started) / 1000,
      threads: shares.map((share, i) => ({ projections: share.map((p) => p.name), ...timings[i] })),
    });
  }

  /** Resolves when the thread reports its share rebuilt; rejects on its error or an exit before that. */
  private outcome(worker: Worker, projections: string[]): Promise<{ seconds: number }> {
    return new Promise((resolve, reject) => {
      let done = false;
      worker.on('message', (message: FromRebuildThread) => {
        if (message.type === 'log') {
          (message.level === 'error' ? this.logger.error : (this.logger.log ?? (() => undefined)))(
            message.message,
            {
              ...message.context,
              projections,
            },
          );
        } else {
          done = true;
          if (message.error === undefined) resolve({ seconds: message.seconds });
          else reject(new Error(`rebuild of ${projections.join(', ')} failed: ${message.error}`));
        }
      });
      worker.once('error', (error) => {
        done = true;
        reject(new Error(`rebuild thread of ${projections.join(', ')} died: ${String(error)}`));
      });
      worker.once('exit', (code) => {
        if (!done)
          reject(
            new Error(`rebuild thread of ${projections.join(', ')} exited (${code}) before it was done`),
          );
      });
    });
  }
}
