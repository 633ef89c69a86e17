import type { EventStore, StoredEvent, Subscription } from '../event-store/event-store.port';
import { CachedViewSession } from './cached-view-session';
import { RebuildViewSession, type RebuildSessionOptions } from './rebuild-view-session';
import { REBUILDING, type Projection, type ViewStore } from './view-store.port';

export interface ProjectorLogger {
  error(message: string, context?: Record<string, unknown>): void;
  log?(message: string, context?: Record<string, unknown>): void;
}

type ProgressListener = (progress: { projection: string; position: number }) => void;

/** The checkpoint that records which version of a projection built its views. */
export const versionCheckpoint = (projection: string): string => `${projection}#version`;

interface Track {
  projection: Projection;
  session: CachedViewSession | RebuildViewSession;
  position: number;
}


/**
 * Rebuilds projections' views from zero somewhere else (worker threads, each with its own
 * connections and its own share of the projections), up to at least the log's head when called.
 * Each projection's final commit claims its position as usual; a failure leaves `REBUILDING` checkpoints.
 */
export interface ProjectionRebuilder {
  rebuild(projections: Projection[]): Promise<void>;
}

export interface ProjectorOptions {
  /** Events read from the log at a time by the subscription (each batch commits). */
  batchSize?: number;
  /**
   * Events read at a time while catching up (commits follow `catchUpCommitEvery`). Small pages let a
   * page's events die young instead of being promoted to the old generation of the heap.
   */
  catchUpBatchSize?: number;
  /** While catching up, commit every this many events (fewer, larger transactions). */
  catchUpCommitEvery?: number;
  /** While rebuilding from zero, write evicted rows once this many are waiting. */
  rebuildWriteRows?: number;
  /** Generation sizes of the rows a rebuild keeps in memory (see `RebuildViewSession`). */
  rebuildSession?: RebuildSessionOptions;
  /** Rebuild elsewhere (in parallel); without it, `rebuild` runs every projection here, one log read. */
  rebuilder?: ProjectionRebuilder;
  /**
   * Projections that follow the same reads and commits as the others but are never reset or rebuilt,
   * because they are the evidence the log is checked against (the audit chain).
   */
  evidence?: Projection[];
}

/**
 * Runs every projection over one reading of the store's global log. Each projection's rows and
 * its checkpoint commit in one transaction, so a crash replays from the checkpoint and never
 * double counts; projections at different checkpoints skip what they have already seen.
 */
export class Projector {
  private subscription?: Subscription;
  private tracks: Track[] = [];
  private readonly listeners = new Set<ProgressListener>();
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly commitEvery: number;
  private readonly rebuildWriteRows: number;
  private readonly rebuildSession: RebuildSessionOptions;
  private readonly rebuilder?: ProjectionRebuilder;
  private readonly evidence: Projection[];

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    readonly projections: Projection[],
    private readonly logger: ProjectorLogger = { error: () => undefined },
    options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? options.batchSize ?? 250;
    this.commitEvery = options.catchUpCommitEvery ?? 20_000;
    this.rebuildWriteRows = options.rebuildWriteRows ?? 10_000;
    this.rebuildSession = options.rebuildSession ?? {};
    this.rebuilder = options.rebuilder;
    this.evidence = options.evidence ?? [];
  }

  private async load(): Promise<Track[]> {
    if (this.tracks.length > 0) return this.tracks;
    const tracks: Track[] = [];
    for (const projection of [...this.projections, ...this.evidence]) {
      let position = await this.views.checkpoint(projection.name);
      if (position === REBUILDING) {
        // A rebuild stopped before its final commit: its rows cannot be trusted, so start it over.
        this.logger.log?.('projection rebuild was interrupted; rebuilding it from zero', { projection: projection.name });
        await this.views.reset(projection.name, projection.views);
        position = 0;
      }
      // Before the views are ensured: views of another version may lack columns the new ones index.
      position = await this.ensureVersion(projection, position);
      await this.views.ensureViews(projection.views);
      tracks.push({ projection, position, session: new CachedViewSession(this.views, position === 0) });
    }
    this.tracks = tracks;
    return tracks;
  }

  /**
   * Make sure a projection's stored views come from its current version, rebuilding them otherwise.
   * The version is recorded as the "position" of a checkpoint of its own (`<name>#version`), so no
   * store needs a new column; views that predate the record count as another version unless nothing
   * was projected yet. The record is written after the reset, so a crash in between resets again.
   */
  private async ensureVersion(projection: Projection, position: number): Promise<number> {
    if (projection.version === undefined) return position;
    const marker = versionCheckpoint(projection.name);
    const stored = await this.views.checkpoint(marker);
    if (stored === projection.version) return position;
    if (position !== 0 || stored !== 0) {
      this.logger.log?.('projection views were built by another version; rebuilding them from zero', {
        projection: projection.name,
        version: projection.version,
      });
      await this.views.reset(projection.name, projection.views);
    }
    await this.views.commit(marker, [], projection.version);
    return 0;
  }

  /** Apply events to every projection that has not seen them (rows stay buffered until `commit`). */
  private async apply(tracks: Track[], events: StoredEvent[]): Promise<void> {
    for (const track of tracks) {
      for (const event of events) {
        if (event.globalPosition <= track.position) continue;
        // Awaited only when the projection had to wait for a row (most events need no microtask).
        const pending = track.projection.apply(event, track.session);
        if (pending) await pending;
      }
    }
  }

  /** Commit each projection's buffered rows with its checkpoint at `position` (one transaction when the store can). */
  private async commit(tracks: Track[], position: number): Promise<void> {
    const due = tracks.filter((t) => position > t.position);
    if (due.length === 0) return;
    const commits = due.map((t) => ({ projection: t.projection.name, changes: t.session.takeChanges(), position }));
    try {
      if (this.views.commitMany) await this.views.commitMany(commits);
      else for (const c of commits) await this.views.commit(c.projection, c.changes, c.position);
    } catch (error) {
      for (const track of due) {
        track.session.reset();
        track.position = await this.views.checkpoint(track.projection.name);
      }
      throw error;
    }
    for (const track of due) {
      track.position = position;
      track.session.trim();
      for (const listener of this.listeners) listener({ projection: track.projection.name, position });
    }
  }

  /** Start following the log from the lowest checkpoint. */
  async start(): Promise<void> {
    if (this.subscription) return;
    const tracks = await this.load();
    const after = Math.min(...tracks.map((t) => t.position), Number.MAX_SAFE_INTEGER);
    this.subscription = this.store.subscribe(
      async (events) => {
        await this.apply(tracks, events);
        await this.commit(tracks, events[events.length - 1].globalPosition);
      },
      {
        after: tracks.length === 0 ? 0 : after,
        batchSize: this.batchSize,
        onError: (error) => {
          for (const track of tracks) track.session.reset();
          this.logger.error('projection batch failed; retrying from the checkpoints', { error: String(error) });
        },
      },
    );
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /**
   * Process everything stored (optionally: recorded by an instant), without subscribing. Projections
   * starting from zero (empty views) are bulk-loaded: each row is written once, and their checkpoint
   * says `REBUILDING` until the final commit, so an interrupted run is rebuilt again, never resumed.
   */
  async catchUp(options: { recordedUpTo?: number } = {}): Promise<void> {
    const tracks = await this.load();
    if (tracks.length === 0) return;
    const bulk = tracks.filter((t) => t.position === 0);
    const incremental = tracks.filter((t) => t.position > 0);
    for (const track of bulk) {
      track.session = new RebuildViewSession(this.views, this.rebuildSession);
      await this.views.deferIndexes?.(track.projection.views);
    }
    try {
      let after = Math.min(...tracks.map((t) => t.position));
      let uncommitted = 0;
      for (;;) {
        const events = await this.store.readAll({ after, limit: this.catchUpBatchSize, ...options });
        if (events.length === 0) break;
        await this.apply(tracks, events);
        after = events[events.length - 1].globalPosition;
        uncommitted += events.length;
        if (uncommitted >= this.commitEvery) {
          await this.commit(incremental, after);
          uncommitted = 0;
        }
        await this.writeEvicted(bulk);
      }
      await this.commit(tracks, after);
    } catch (error) {
      // Checkpoints may say REBUILDING now: read them again (and restart those) on the next call.
      this.tracks = [];
      throw error;
    }
    for (const track of bulk) {
      await this.views.ensureViews(track.projection.views);
      track.session = new CachedViewSession(this.views);
    }
  }

  /** Write the rows bulk-loading projections have evicted, once enough are waiting. */
  private async writeEvicted(bulk: Track[]): Promise<void> {
    const sessions = bulk.map((t) => t.session as RebuildViewSession);
    if (sessions.reduce((n, s) => n + s.evictedRows, 0) < this.rebuildWriteRows) return;
    const commits = bulk.map((t, i) => ({ projection: t.projection.name, changes: sessions[i].takeEvicted(), position: REBUILDING }));
    if (this.views.commitMany) await this.views.commitMany(commits);
    else for (const c of commits) await this.views.commit(c.projection, c.changes, c.position);
  }

  /**
   * Drop every view and rebuild it from the first event (evidence is kept and only catches up). With a rebuilder the projections are
   * rebuilt elsewhere in parallel; this projector then only catches up on what was appended meanwhile.
   */
  async rebuild(): Promise<void> {
    const wasRunning = this.subscription !== undefined;
    await this.stop();
    this.tracks = [];
    if (this.rebuilder && this.projections.length > 0) await this.rebuilder.rebuild(this.projections);
    else for (const projection of this.projections) await this.views.reset(projection.name, projection.views);
    await this.catchUp();
    if (wasRunning) await this.start();
  }

  /** The lowest position every projection (and the evidence) has reached. */
  position(): number {
    if (this.tracks.length === 0) return 0;
    return Math.min(...this.tracks.map((t) => t.position));
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
