import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { TenfoldConfig } from '../config/config';
import type { ProjectorLogger } from '../projections/projector';
import type { Projection } from '../projections/view-store.port';
import type {
  FromProjectorThread,
  ProjectorThreadData,
  ProjectorThreadOperation,
  ToProjectorThread,
} from './projector-thread-protocol';

type ProgressListener = (progress: { projection: string; position: number }) => void;

/** The compiled worker next to this module; absent when running the TypeScript sources (ts-jest). */
export const PROJECTOR_THREAD_SCRIPT = join(__dirname, 'projector-thread-worker.js');
export const projectorThreadAvailable = (script = PROJECTOR_THREAD_SCRIPT): boolean => existsSync(script);

export interface ProjectorThreadOptions {
  logger?: ProjectorLogger;
  script?: string;
  /** Auto-escalation sweep period in the worker (ms; null = none). */
  escalationMs?: number | null;
  /** First restart delay after a crash; doubles up to `maxRestartDelayMs`, reset once it runs again. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /**
   * Where the event store's writer thread posts `appended` after each commit: handed to the first
   * worker, which then wakes without a hop through this thread. A restarted worker is woken from here.
   */
  appended?: MessagePort;
  /** The process's write lock for the SQLite file (see `ThreadWriteLock`), handed to every worker. */
  writeLock?: SharedArrayBuffer;
}

/**
 * The projector as seen from the API thread when it runs in a worker thread: the same surface as
 * `Projector` (position, waitFor, onProgress, start/stop, rebuild), fed by the worker's messages.
 * A worker that dies is logged and started again; until it is back, nothing waits for it, so
 * requests answer `projected: false` for what it has not reported.
 */
export class ProjectorThread {
  private worker?: Worker;
  private readonly positions = new Map<string, number>();
  private readonly listeners = new Set<ProgressListener>();
  private readonly waiters = new Set<() => void>();
  private readonly runs = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextRun = 1;
  private wanted = false;
  private running = false;
  private appendPosted = false;
  private restartTimer?: NodeJS.Timeout;
  private restartDelay: number;
  private stopped?: Promise<void>;
  private appended?: MessagePort;
  private wokenDirectly = false;
  private readonly logger: ProjectorLogger;
  private readonly script: string;

  constructor(
    private readonly config: TenfoldConfig,
    readonly projections: Projection[],
    private readonly options: ProjectorThreadOptions = {},
  ) {
    this.logger = options.logger ?? { error: () => undefined };
    this.script = options.script ?? PROJECTOR_THREAD_SCRIPT;
    this.restartDelay = options.restartDelayMs ?? 500;
    this.appended = options.appended;
  }

  /** Whether the running worker hears of appends from the writer thread directly. */
  get wokenByWriter(): boolean {
    return this.wokenDirectly && this.running;
  }

  /** Whether a worker is up and projecting. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Start the worker; resolves once it follows the log (rejects if it dies before). */
  async start(): Promise<void> {
    if (this.wanted) return;
    this.wanted = true;
    await this.spawn();
  }

  /** Ask the worker to finish its batch, close its connections and exit. */
  async stop(): Promise<void> {
    this.wanted = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    if (!worker) return;
    this.stopped ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'stop' });
    });
    await this.stopped;
    this.stopped = undefined;
    this.logger.log?.('projector thread stopped');
  }

  /** Events were appended on this side: wake the worker (once per group commit). */
  notifyAppended(): void {
    if (this.appendPosted || !this.worker) return;
    this.appendPosted = true;
    // After the other callers of the same group commit have run (they were queued first), not a loop turn later.
    queueMicrotask(() => {
      this.appendPosted = false;
      this.post({ type: 'appended' });
    });
  }

  /** The lowest position every projection has reached, as the worker last reported. */
  position(): number {
    if (this.projections.length === 0) return 0;
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const projection of this.projections)
      lowest = Math.min(lowest, this.positions.get(projection.name) ?? 0);
    return lowest;
  }

  /** Resolve once every projection has processed `position`; false on timeout or while no worker runs. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position() >= position) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.position() >= position) finish(true);
        else if (!this.running) finish(false);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (reached: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(reached);
      };
      this.waiters.add(check);
    });
  }

  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drop every view and rebuild it from the first event (in the worker). */
  rebuild(): Promise<void> {
    return this.run('rebuild');
  }

  /** Process everything stored (optionally: recorded by an instant), in the worker. */
  catchUp(options: { recordedUpTo?: number } = {}): Promise<void> {
    return this.run('catchUp', options.recordedUpTo);
  }

  private run(operation: ProjectorThreadOperation, recordedUpTo?: number): Promise<void> {
    if (!this.worker || !this.running)
      return Promise.reject(new Error(`projector thread is not running (${operation})`));
    const id = this.nextRun++;
    return new Promise((resolve, reject) => {
      this.runs.set(id, { resolve, reject });
      this.post({ type: 'run', id, operation, ...(recordedUpTo === undefined ? {} : { recordedUpTo }) });
    });
  }

  private post(message: ToProjectorThread): void {
    this.worker?.postMessage(message);
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const appended = this.appended;
      this.appended = undefined;
      const data: ProjectorThreadData = {
        config: this.config,
        escalationMs: this.options.escalationMs === undefined ? 30_000 : this.options.escalationMs,
        ...(appended ? { appended } : {}),
        ...(this.options.writeLock ? { writeLock: this.options.writeLock } : {}),
      };
      const worker = new Worker(this.script, { workerData: data, ...(appended ? { transferList: [appended] } : {}) });
      this.wokenDirectly = appended !== undefined;
      this.worker = worker;
      worker.on('message', (message: FromProjectorThread) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            this.running = true;
            this.restartDelay = this.options.restartDelayMs ?? 500;
            this.record(message.positions);
            resolve();
            break;
          case 'progress':
            if ('positions' in message) this.record(message.positions);
            else this.progress(message.projection, message.position);
            break;
          case 'done': {
            this.record(message.positions);
            const run = this.runs.get(message.id);
            this.runs.delete(message.id);
            if (message.error) run?.reject(new Error(message.error));
            else run?.resolve();
            break;
          }
          case 'log':
            if (message.level === 'error') this.logger.error(message.message, message.context);
            else this.logger.log?.(message.message, message.context);
            break;
          case 'stopped':
            this.running = false;
            break;
        }
      });
      worker.on('error', (error: Error) => {
        this.logger.error('projector thread failed', { error: String(error.stack ?? error) });
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        const wasRunning = this.running;
        this.running = false;
        if (this.worker === worker) this.worker = undefined;
        this.wokenDirectly = false;
        for (const check of this.waiters) check();
        for (const run of this.runs.values()) run.reject(new Error('projector thread exited'));
        this.runs.clear();
        if (!ready) reject(new Error(`projector thread exited (code ${code}) before it was ready`));
        if (this.wanted) this.scheduleRestart(code, wasRunning);
      });
    });
  }

  private scheduleRestart(code: number, wasRunning: boolean): void {
    const delay = this.restartDelay;
    this.restartDelay = Math.min(delay * 2, this.options.maxRestartDelayMs ?? 30_000);
    this.logger.error('projector thread exited; restarting it', { code, wasRunning, restartInMs: delay });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.wanted) return;
      this.spawn().catch(() => undefined); // its exit schedules the next attempt
    }, delay);
    this.restartTimer.unref();
  }

  /** Several projections' progress at once: waiters are checked once, after all of it. */
  private record(positions: Record<string, number>): void {
    let moved = false;
    for (const [projection, position] of Object.entries(positions)) moved = this.move(projection, position) || moved;
    if (moved) for (const check of this.waiters) check();
  }

  private progress(projection: string, position: number): void {
    if (this.move(projection, position)) for (const check of this.waiters) check();
  }

  private move(projection: string, position: number): boolean {
    if (this.positions.get(projection) === position) return false;
    this.positions.set(projection, position);
    for (const listener of this.listeners) listener({ projection, position });
    return true;
  }
}
