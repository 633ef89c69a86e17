import type { MaybePromise, ViewChange, ViewDefinition, ViewSession, ViewStore } from './view-store.port';

interface Entry {
  row: unknown | null;
  dirty: boolean;
}

interface DirtyEntry {
  view: ViewDefinition;
  key: string;
  entry: Entry;
}

interface Table {
  view: ViewDefinition;
  entries: Map<string, Entry>;
}

/**
 * A projection's rows across batches: reads hit the store once per key, writes are buffered until
 * `takeChanges`. Valid because one projector is the only writer of its views. When the views are
 * known to be empty (a rebuild from zero), misses are not even looked up.
 */
export class CachedViewSession implements ViewSession {
  private readonly tables = new Map<string, Table>();
  /** Entries written since the last `takeChanges`, so a commit does not scan the whole cache. */
  private dirty: DirtyEntry[] = [];
  private size = 0;

  constructor(
    private readonly store: Pick<ViewStore, 'load'>,
    private knownEmpty = false,
    private readonly maxEntries = 100_000,
  ) {}

  private table(view: ViewDefinition): Map<string, Entry> {
    let table = this.tables.get(view.name);
    if (!table) {
      table = { view, entries: new Map() };
      this.tables.set(view.name, table);
    }
    return table.entries;
  }

  /** A cached row (or a known miss) at once; a promise only for a row read from the store. */
  get<Row>(view: ViewDefinition<Row>, key: string): MaybePromise<Row | undefined> {
    const entries = this.table(view as ViewDefinition);
    const entry = entries.get(key);
    if (entry) return (entry.row ?? undefined) as Row | undefined;
    if (this.knownEmpty) return undefined;
    return this.store.load(view, key).then((row) => {
      entries.set(key, { row: row ?? null, dirty: false });
      this.size++;
      return row;
    });
  }

  private write(view: ViewDefinition, key: string, row: unknown | null): void {
    const entries = this.table(view);
    const known = entries.get(key);
    if (known) {
      known.row = row;
      if (known.dirty) return;
      known.dirty = true;
      this.dirty.push({ view, key, entry: known });
      return;
    }
    const entry = { row, dirty: true };
    entries.set(key, entry);
    this.dirty.push({ view, key, entry });
    this.size++;
  }

  put<Row>(view: ViewDefinition<Row>, key: string, row: Row): void {
    this.write(view as ViewDefinition, key, row);
  }

  delete(view: ViewDefinition, key: string): void {
    this.write(view, key, null);
  }

  /** The buffered writes since the last call; they count as committed from now on. */
  takeChanges(): ViewChange[] {
    const changes: ViewChange[] = [];
    for (const { view, key, entry } of this.dirty) {
      changes.push({ view, key, row: entry.row });
      entry.dirty = false;
    }
    this.dirty = [];
    return changes;
  }

  /**
   * When the cache grows past its bound (after a commit), forget the clean rows cached longest ago
   * (maps keep insertion order), down to three quarters of the bound: the rows in use stay cached.
   */
  trim(): void {
    if (this.size <= this.maxEntries) return;
    const keep = Math.floor(this.maxEntries * 0.75);
    for (const { entries } of this.tables.values()) {
      let excess = entries.size - Math.floor((entries.size / this.size) * keep);
      for (const [key, entry] of entries) {
        if (excess <= 0) break;
        if (entry.dirty) continue;
        entries.delete(key);
        excess--;
      }
    }
    this.size = [...this.tables.values()].reduce((n, t) => n + t.entries.size, 0);
    this.knownEmpty = false;
  }

  /** Drop everything, e.g. when a commit failed and the store must be trusted again. */
  reset(knownEmpty = false): void {
    this.tables.clear();
    this.dirty = [];
    this.size = 0;
    this.knownEmpty = knownEmpty;
  }
}
