import { addDurationItem, compareValues, durationItems, removeDurationItem, type DimensionValues, type SlaDurationRow } from './sla-cells';

type Item = { ms: number; values: DimensionValues };

const compareItems = (a: Item, b: Item): number => {
  if (a.ms !== b.ms) return a.ms - b.ms;
  for (let d = 0; d < 4; d++) {
    const order = compareValues(a.values[d], b.values[d]);
    if (order !== 0) return order;
  }
  return 0;
};

/** The canonical row of a multiset of items, as the durations rows were first built: from scratch. */
const canonicalRow = (day: number, bin: number, items: Item[]): SlaDurationRow => {
  const sorted = [...items].sort(compareItems);
  const values = [0, 1, 2, 3].map((d) => [...new Set(sorted.map((item) => item.values[d]))].sort(compareValues)) as SlaDurationRow['values'];
  const positions = values.map((list) => new Map<string | null, number>(list.map((value, i) => [value, i])));
  const v: number[] = [];
  for (const item of sorted) for (let d = 0; d < 4; d++) v.push(positions[d].get(item.values[d]) as number);
  return { day, bin, ms: sorted.map((item) => item.ms), v, values };
};

/** A small deterministic generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

describe('duration rows updated in place', () => {
  it('stay the canonical row of their items through any sequence of adds and removes', () => {
    const next = random(7);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
    for (let run = 0; run < 50; run++) {
      const row: SlaDurationRow = { day: 1, bin: 2, ms: [], v: [], values: [[], [], [], []] };
      const items: Item[] = [];
      for (let step = 0; step < 200; step++) {
        const item: Item =
          items.length > 0 && next() < 0.45
            ? pick(items)
            : { ms: 1000 + Math.floor(next() * 5), values: [pick(['a', 'b', 'c', '"q', 'x\u001fy']), pick([null, 'red', 'blue']), pick(['web', 'phone']), pick(['low', 'high'])] };
        if (next() < 0.5 && items.length > 0) {
          const at = items.findIndex((other) => compareItems(item, other) === 0);
          expect(removeDurationItem(row, item.ms, item.values)).toBe(at >= 0);
          if (at >= 0) items.splice(at, 1);
        } else {
          addDurationItem(row, item.ms, item.values);
          items.push(item);
        }
        expect(row).toEqual(canonicalRow(1, 2, items));
        expect(durationItems(row)).toEqual([...items].sort(compareItems));
      }
    }
  });

  it('leave a row without the item unchanged on remove', () => {
    const row: SlaDurationRow = { day: 0, bin: 0, ms: [], v: [], values: [[], [], [], []] };
    addDurationItem(row, 5, ['a', null, 'web', 'low']);
    const before = JSON.stringify(row);
    expect(removeDurationItem(row, 5, ['a', 'red', 'web', 'low'])).toBe(false);
    expect(removeDurationItem(row, 6, ['a', null, 'web', 'low'])).toBe(false);
    expect(JSON.stringify(row)).toBe(before);
  });
});
