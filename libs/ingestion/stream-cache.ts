import { fold } from '../domain/shared/decider';
import type { Event } from '../domain/shared/event';
import { loadStream } from '../event-store/handle-command';
import type { EventStore } from '../event-store/event-store.port';
import type { RoutedCommand } from './envelope-command';

/** A stream's folded state at a version (the version of its last event). */
export interface StreamState {
  state: unknown;
  version: number;
}

/**
 * Folded states of recently written streams, so an ingest reads only the events stored after the
 * cached version (none, unless another writer appended) instead of the whole stream. The answer
 * is always as fresh as a full read; the append's expected-version check still guards the write.
 * Least recently used streams are dropped beyond `capacity`.
 */
export class StreamCache {
  private readonly entries = new Map<string, StreamState>();

  constructor(private readonly capacity = 50_000) {}

  /** The stream's current state and version: the cached fold plus whatever was stored after it. */
  async load(store: EventStore, routed: Pick<RoutedCommand, 'streamId' | 'decider'>): Promise<StreamState> {
    const cached = this.entries.get(routed.streamId);
    if (!cached) return loadStream(store, routed.streamId, routed.decider);
    const newer = await store.readStream(routed.streamId, { fromVersion: cached.version + 1 });
    if (newer.length === 0) return cached;
    return {
      state: fold(routed.decider.evolve, cached.state, newer as unknown as Event<string, unknown>[]),
      version: newer[newer.length - 1].streamVersion,
    };
  }

  /** Remember a stream's state at a version (streams with no events are not kept). */
  remember(streamId: string, entry: StreamState): void {
    if (entry.version < 0) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
