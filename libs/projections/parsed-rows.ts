/**
 * Rows parsed from their stored JSON, kept by that JSON: a document read again unchanged is not
 * parsed again, and a changed one is a new key, so the answer stays exact. For views whose readers
 * only read the rows `query` returns (`ViewDefinition.sharedRows`): the SLA summary reads the same
 * few hundred cells and times rows on every uncached summary, and parsing them was most of its cost.
 * The rows are not frozen here (reading frozen arrays in the summary's loops cost a third of its
 * time); the memory store freezes them instead, so the specs catch a reader that changes one.
 */
export class ParsedRows {
  private readonly rows = new Map<string, unknown>();
  private chars = 0;

  /** `maxChars`: the JSON kept, in characters (the parsed rows take about twice as much again). */
  constructor(private readonly maxChars = 4_000_000) {}

  parse<Row>(doc: string): Row {
    const known = this.rows.get(doc);
    if (known !== undefined) return known as Row;
    const row = JSON.parse(doc) as unknown;
    if (doc.length > this.maxChars) return row as Row;
    // Oldest first (maps keep insertion order): rows still read are parsed again and come back.
    for (const oldest of this.rows.keys()) {
      if (this.chars + doc.length <= this.maxChars) break;
      this.rows.delete(oldest);
      this.chars -= oldest.length;
    }
    this.rows.set(doc, row);
    this.chars += doc.length;
    return row as Row;
  }
}

/** Freeze a parsed JSON value and everything in it. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value !== 'object' || value === null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
};
