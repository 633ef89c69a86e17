import type { EventStore, StoredEvent, Subscription } from '../event-store/event-store.port';
import { BufferedViewSession, type Projection, type ViewStore } from './view-store.port';

export interface ProjectorLogger {
  error(message: string, context?: Record<string, unknown>): void;
  log?(message: string, context?: Record<string, unknown>): void;
}

type ProgressListener = (progress: { projection: string; position: number }) => void;

/**
 * Runs projections over the store's global log. Each batch's rows and the projection's
 * checkpoint commit in one transaction, so a crash replays the batch and never double counts.
 */
export class Projector {
  private subscriptions: Subscription[] = [];
  private readonly positions = new Map<string, number>();
  private readonly listeners = new Set<ProgressListener>();

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    readonly projections: Projection[],
    private readonly logger: ProjectorLogger = { error: () => undefined },
    private readonly batchSize = 1000,
  ) {}

  /** Apply a batch of events to one projection and commit rows with the checkpoint. */
  async project(projection: Projection, events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const session = new BufferedViewSession(this.views);
    for (const event of events) await projection.apply(event, session);
    const position = events[events.length - 1].globalPosition;
    await this.views.commit(projection.name, session.changes(), position);
    this.advance(projection.name, position);
  }

  private advance(name: string, position: number): void {
    this.positions.set(name, position);
    for (const listener of this.listeners) listener({ projection: name, position });
  }

  /** Start following the log from each projection's checkpoint. */
  async start(): Promise<void> {
    for (const projection of this.projections) {
      await this.views.ensureViews(projection.views);
      const after = await this.views.checkpoint(projection.name);
      this.positions.set(projection.name, after);
      this.subscriptions.push(
        this.store.subscribe((events) => this.project(projection, events), {
          after,
          batchSize: this.batchSize,
          onError: (error) =>
            this.logger.error('projection batch failed; retrying', { projection: projection.name, error: String(error) }),
        }),
      );
    }
  }

  async stop(): Promise<void> {
    const subs = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subs.map((s) => s.stop()));
  }

  /** Process everything stored (optionally: recorded by an instant), without subscribing. */
  async catchUp(options: { recordedUpTo?: number } = {}): Promise<void> {
    for (const projection of this.projections) {
      await this.views.ensureViews(projection.views);
      let after = await this.views.checkpoint(projection.name);
      for (;;) {
        const events = await this.store.readAll({ after, limit: this.batchSize, ...options });
        if (events.length === 0) break;
        await this.project(projection, events);
        after = events[events.length - 1].globalPosition;
      }
      this.positions.set(projection.name, after);
    }
  }

  /** Drop every view and rebuild it from the first event. */
  async rebuild(): Promise<void> {
    const wasRunning = this.subscriptions.length > 0;
    await this.stop();
    for (const projection of this.projections) await this.views.reset(projection.name, projection.views);
    this.positions.clear();
    await this.catchUp();
    if (wasRunning) await this.start();
  }

  /** The lowest position every projection has reached. */
  position(): number {
    if (this.projections.length === 0) return 0;
    return Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
  }

  /** Resolve once every projection has processed `position` (false on timeout). */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position() >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const listener: ProgressListener = () => {
        if (this.position() >= position) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (reached: boolean): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(reached);
      };
      this.listeners.add(listener);
    });
  }

  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
