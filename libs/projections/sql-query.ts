import { assertSafeName, type Condition, type ViewDefinition, type ViewQuery } from './view-store.port';

/** Render a view query as SQL shared by SQLite and PostgreSQL; `placeholder(i)` gives `?` or `$i`. */
export const renderQuery = (
  view: ViewDefinition,
  query: ViewQuery,
  placeholder: (index: number) => string,
  select = 'doc',
): { sql: string; params: unknown[] } => {
  const params: unknown[] = [];
  const next = (value: unknown): string => {
    params.push(value);
    return placeholder(params.length);
  };
  const column = (name: string): string => {
    if (!(name in view.columns) && name !== 'key') throw new Error(`View ${view.name} has no column ${name}`);
    return name === 'key' ? 'key' : `c_${assertSafeName(name)}`;
  };
  const condition = (c: Condition): string => {
    const col = column(c.column);
    switch (c.op) {
      case 'is_null':
        return `${col} IS NULL`;
      case 'not_null':
        return `${col} IS NOT NULL`;
      case 'in': {
        const values = Array.isArray(c.value) ? c.value : [c.value ?? null];
        if (values.length === 0) return '1 = 0';
        return `${col} IN (${values.map(next).join(', ')})`;
      }
      default:
        return `${col} ${c.op === '!=' ? '<>' : c.op} ${next(c.value)}`;
    }
  };
  let sql = `SELECT ${select} FROM ${tableOf(view)}`;
  if (query.where && query.where.length > 0) sql += ` WHERE ${query.where.map(condition).join(' AND ')}`;
  if (query.orderBy && query.orderBy.length > 0) {
    sql += ` ORDER BY ${query.orderBy.map((o) => `${column(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ')}, key ASC`;
  }
  if (query.limit !== undefined) sql += ` LIMIT ${next(query.limit)}`;
  if (query.offset !== undefined) sql += ` OFFSET ${next(query.offset)}`;
  return { sql, params };
};

export const tableOf = (view: ViewDefinition): string => `view_${assertSafeName(view.name)}`;
/** The SQL names of the columns a view indexes. */
export const indexedColumnsOf = (view: ViewDefinition): string[] =>
  (view.indexes ?? Object.keys(view.columns)).map((c) => {
    if (!(c in view.columns)) throw new Error(`View ${view.name} indexes unknown column ${c}`);
    return `c_${assertSafeName(c)}`;
  });

export const columnsOf = (view: ViewDefinition): string[] => Object.keys(view.columns).map((c) => `c_${assertSafeName(c)}`);
