import { KeyFilter } from './key-filter';
import type { MaybePromise, ViewChange, ViewDefinition, ViewSession, ViewStore } from './view-store.port';

interface Slot {
  row: unknown | null;
  dirty: boolean;
  /** The generation that last touched the row (young when it is the table's current one). */
  epoch: number;
}

/**
 * One view's rows in two generations: rows touched since the last rotation (young: their epoch is
 * the table's) and before it (old). A rotation evicts what the old generation still holds: rows not
 * touched for a whole generation, which in business-time order are mostly finished (a closed
 * complaint). Views whose evicted rows come back (long-lived customers) get a longer generation.
 * Both generations share one map: touching an old row only restamps it (one lookup per access).
 */
interface Table {
  view: ViewDefinition;
  rows: Map<string, Slot>;
  epoch: number;
  /** Rows of the young generation. */
  young: number;
  /** Evicted rows not written yet: the next `takeEvicted` hands them to the store. */
  evicted: Map<string, unknown | null>;
  /** Keys written to the store during this rebuild: any other key is known not to be there. */
  written: KeyFilter;
  generation: number;
  /** Evicted rows needed again since the last rotation. */
  returns: number;
}

export interface RebuildSessionOptions {
  /** Rows per view per generation to begin with. */
  generation?: number;
  /** The longest generation a view may grow to (bounds memory: at most twice this many rows per view). */
  maxGeneration?: number;
}

/**
 * The rows of a projection being rebuilt into empty views. Every row lives in memory while it is in
 * use and is written once, when it is evicted or at the end, instead of at every commit; keys never
 * written are known to be absent without asking the store. Evicted rows are written ahead of any
 * checkpoint (see `REBUILDING`), so only the last commit of the rebuild can claim a position.
 */
export class RebuildViewSession implements ViewSession {
  private readonly tables = new Map<string, Table>();
  private evictedCount = 0;
  private readonly firstGeneration: number;
  private readonly maxGeneration: number;

  constructor(
    private readonly store: Pick<ViewStore, 'load'>,
    options: RebuildSessionOptions = {},
  ) {
    this.firstGeneration = options.generation ?? 8192;
    this.maxGeneration = Math.max(this.firstGeneration, options.maxGeneration ?? 65_536);
  }

  private table(view: ViewDefinition): Table {
    let table = this.tables.get(view.name);
    if (!table) {
      table = {
        view,
        rows: new Map(),
        epoch: 0,
        young: 0,
        evicted: new Map(),
        written: new KeyFilter(22),
        generation: this.firstGeneration,
        returns: 0,
      };
      this.tables.set(view.name, table);
    }
    return table;
  }

  /** A row in memory (or a key known to be absent) at once; a promise only for a row read back from the store. */
  get<Row>(view: ViewDefinition<Row>, key: string): MaybePromise<Row | undefined> {
    const table = this.table(view as ViewDefinition);
    const slot = table.rows.get(key);
    if (slot) {
      if (slot.epoch !== table.epoch) this.renew(table, slot);
      return (slot.row ?? undefined) as Row | undefined;
    }
    if (table.evicted.size > 0 && table.evicted.has(key)) {
      const row = table.evicted.get(key) as Row | null;
      table.evicted.delete(key);
      this.evictedCount--;
      table.returns++;
      this.admit(table, key, row, true);
      return row ?? undefined;
    }
    if (!table.written.mightHave(key)) return undefined;
    table.returns++;
    return this.store.load(view, key).then((row) => {
      this.admit(table, key, row ?? null, false);
      return row;
    });
  }

  private write(view: ViewDefinition, key: string, row: unknown | null): void {
    const table = this.table(view);
    const slot = table.rows.get(key);
    if (slot) {
      slot.row = row;
      slot.dirty = true;
      if (slot.epoch !== table.epoch) this.renew(table, slot);
      return;
    }
    if (table.evicted.size > 0 && table.evicted.delete(key)) this.evictedCount--;
    this.admit(table, key, row, true);
  }

  put<Row>(view: ViewDefinition<Row>, key: string, row: Row): void {
    this.write(view as ViewDefinition, key, row);
  }

  delete(view: ViewDefinition, key: string): void {
    this.write(view, key, null);
  }

  /** An old row touched again: young once more. */
  private renew(table: Table, slot: Slot): void {
    slot.epoch = table.epoch;
    if (++table.young >= table.generation) this.rotate(table);
  }

  private admit(table: Table, key: string, row: unknown | null, dirty: boolean): void {
    table.rows.set(key, { row, dirty, epoch: table.epoch });
    if (++table.young >= table.generation) this.rotate(table);
  }

  private rotate(table: Table): void {
    for (const [key, slot] of table.rows) {
      if (slot.epoch === table.epoch) continue;
      table.rows.delete(key);
      if (!slot.dirty) continue;
      // A row deleted before it was ever written needs no write.
      if (slot.row === null && !table.written.mightHave(key)) continue;
      table.evicted.set(key, slot.row);
      this.evictedCount++;
    }
    if (table.returns * 8 > table.generation) table.generation = Math.min(table.generation * 2, this.maxGeneration);
    table.returns = 0;
    table.epoch++;
    table.young = 0;
  }

  /** Rows evicted since the last call, to be written now (ahead of the checkpoint). */
  get evictedRows(): number {
    return this.evictedCount;
  }

  /** The evicted rows, handed over to be written; they count as stored from now on. */
  takeEvicted(): ViewChange[] {
    const changes: ViewChange[] = [];
    for (const table of this.tables.values()) {
      // In key order: the store's primary-key B-tree is then written page after page, not at random.
      const keys = [...table.evicted.keys()].sort();
      for (const key of keys) {
        const row = table.evicted.get(key) as unknown | null;
        changes.push({ view: table.view, key, row });
        // A deleted key stays in the filter: looking it up finds nothing, which is still right.
        if (row !== null) table.written.add(key);
      }
      table.evicted.clear();
    }
    this.evictedCount = 0;
    return changes;
  }

  /** Nothing to forget after a commit: the rebuild's session is replaced once it is done. */
  trim(): void {}

  /** Drop every row (the rebuild failed and will start over). */
  reset(): void {
    this.tables.clear();
    this.evictedCount = 0;
  }

  /** Every row not written yet: the rebuild's final commit. */
  takeChanges(): ViewChange[] {
    const changes = this.takeEvicted();
    for (const table of this.tables.values()) {
      for (const [key, slot] of table.rows) {
        if (!slot.dirty) continue;
        slot.dirty = false;
        if (slot.row === null && !table.written.mightHave(key)) continue;
        changes.push({ view: table.view, key, row: slot.row });
      }
    }
    return changes;
  }
}
