import type { ViewChange, ViewDefinition, ViewSession, ViewStore } from './view-store.port';

interface Entry {
  view: ViewDefinition;
  key: string;
  row: unknown | null;
  dirty: boolean;
}

/**
 * A projection's rows across batches: reads hit the store once per key, writes are buffered until
 * `takeChanges`. Valid because one projector is the only writer of its views. When the views are
 * known to be empty (a rebuild from zero), misses are not even looked up.
 */
export class CachedViewSession implements ViewSession {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: Pick<ViewStore, 'load'>,
    private knownEmpty = false,
    private readonly maxEntries = 200_000,
  ) {}

  async get<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    const id = `${view.name}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry) return (entry.row ?? undefined) as Row | undefined;
    if (this.knownEmpty) return undefined;
    const row = await this.store.load(view, key);
    this.entries.set(id, { view: view as ViewDefinition, key, row: row ?? null, dirty: false });
    return row;
  }

  put<Row>(view: ViewDefinition<Row>, key: string, row: Row): void {
    this.entries.set(`${view.name}\u0000${key}`, { view: view as ViewDefinition, key, row, dirty: true });
  }

  delete(view: ViewDefinition, key: string): void {
    this.entries.set(`${view.name}\u0000${key}`, { view, key, row: null, dirty: true });
  }

  /** The buffered writes since the last call; they count as committed from now on. */
  takeChanges(): ViewChange[] {
    const changes: ViewChange[] = [];
    for (const entry of this.entries.values()) {
      if (!entry.dirty) continue;
      changes.push({ view: entry.view, key: entry.key, row: entry.row });
      entry.dirty = false;
    }
    return changes;
  }

  /** Forget clean rows when the cache grows past its bound (after a commit). */
  trim(): void {
    if (this.entries.size <= this.maxEntries) return;
    for (const [id, entry] of this.entries) if (!entry.dirty) this.entries.delete(id);
    this.knownEmpty = false;
  }

  /** Drop everything, e.g. when a commit failed and the store must be trusted again. */
  reset(knownEmpty = false): void {
    this.entries.clear();
    this.knownEmpty = knownEmpty;
  }
}
