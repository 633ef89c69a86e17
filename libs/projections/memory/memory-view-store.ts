import { deepFreeze } from '../parsed-rows';
import type { ColumnValue, Condition, ViewChange, ViewDefinition, ViewQuery, ViewStore } from '../view-store.port';

interface Entry {
  key: string;
  row: unknown;
  index: Record<string, ColumnValue>;
}

const compare = (a: ColumnValue, b: ColumnValue): number => {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
};

const valueOf = (entry: Entry, column: string): ColumnValue =>
  column === 'key' ? entry.key : (entry.index[column] ?? null);

const matches = (entry: Entry, c: Condition): boolean => {
  const v = valueOf(entry, c.column);
  switch (c.op) {
    case 'is_null':
      return v === null;
    case 'not_null':
      return v !== null;
    case 'in':
      // SQL semantics: NULL is in no list.
      return v !== null && (Array.isArray(c.value) ? c.value : [c.value ?? null]).includes(v);
    default: {
      // SQL semantics: comparisons with NULL are never true.
      if (v === null || c.value === null || c.value === undefined) return false;
      const order = compare(v, c.value as ColumnValue);
      return { '=': order === 0, '!=': order !== 0, '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[
        c.op
      ];
    }
  }
};

/** Views held in memory: used to answer "as of" queries by folding the log, and in tests. */
export class MemoryViewStore implements ViewStore {
  private readonly tables = new Map<string, Map<string, Entry>>();
  private readonly checkpoints = new Map<string, number>();

  private table(view: ViewDefinition): Map<string, Entry> {
    let table = this.tables.get(view.name);
    if (!table) {
      table = new Map();
      this.tables.set(view.name, table);
    }
    return table;
  }

  async ensureViews(views: ViewDefinition[]): Promise<void> {
    for (const view of views) this.table(view);
  }

  async checkpoint(projection: string): Promise<number> {
    return this.checkpoints.get(projection) ?? 0;
  }

  async load<Row>(view: ViewDefinition<Row>, key: string): Promise<Row | undefined> {
    const entry = this.table(view as ViewDefinition).get(key);
    return entry ? (structuredClone(entry.row) as Row) : undefined;
  }

  async commit(projection: string, changes: ViewChange[], position: number): Promise<void> {
    // Everything that can throw (index, clone) runs before the first write: all or nothing.
    // Rows are copied as a database would, so later mutation by a projection cannot leak in.
    const entries = changes.map(({ view, key, row }) => ({
      view,
      key,
      entry: row === null ? null : { key, row: structuredClone(row), index: view.index(row) },
    }));
    for (const { view, key, entry } of entries) {
      if (entry === null) this.table(view).delete(key);
      else this.table(view).set(key, entry);
    }
    this.checkpoints.set(projection, position);
  }

  async query<Row>(view: ViewDefinition<Row>, query: ViewQuery = {}): Promise<Row[]> {
    let entries = [...this.table(view as ViewDefinition).values()].filter((e) =>
      (query.where ?? []).every((c) => matches(e, c)),
    );
    const order = query.orderBy ?? [];
    entries.sort((a, b) => {
      for (const o of order) {
        const d = compare(valueOf(a, o.column), valueOf(b, o.column));
        if (d !== 0) return o.direction === 'desc' ? -d : d;
      }
      return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    });
    const offset = query.offset ?? 0;
    entries = entries.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    // Frozen: the SQL stores share these rows between readers, so a reader that changes one fails here, in the specs.
    if (view.sharedRows) return entries.map((e) => deepFreeze(structuredClone(e.row)) as Row);
    return entries.map((e) => structuredClone(e.row) as Row);
  }

  async count(view: ViewDefinition, where: Condition[] = []): Promise<number> {
    return [...this.table(view).values()].filter((e) => where.every((c) => matches(e, c))).length;
  }

  async reset(projection: string, views: ViewDefinition[]): Promise<void> {
    for (const view of views) this.tables.delete(view.name);
    this.checkpoints.delete(projection);
  }
}
