import { deepFreeze, ParsedRows } from './parsed-rows';

describe('parsed rows kept by their JSON', () => {
  it('given a document read again unchanged, then it is the same row, not parsed again', () => {
    const rows = new ParsedRows();
    const first = rows.parse<{ n: number[] }>('{"n":[1,2]}');
    expect(rows.parse('{"n":[1,2]}')).toBe(first);
  });

  it('given a changed document, then it is parsed as it is now', () => {
    const rows = new ParsedRows();
    rows.parse('{"n":[1,2]}');
    expect(rows.parse('{"n":[1,2,3]}')).toEqual({ n: [1, 2, 3] });
  });

  it('given more JSON than the budget, then the oldest rows go first and come back parsed anew', () => {
    const rows = new ParsedRows(20);
    const a = rows.parse('{"a":1}');
    const b = rows.parse('{"b":2}');
    rows.parse('{"c":3}');
    expect(rows.parse('{"b":2}')).toBe(b);
    const again = rows.parse('{"a":1}');
    expect(again).not.toBe(a);
    expect(again).toEqual(a);
    expect(rows.parse('{"too long for the budget":1}')).toEqual({ 'too long for the budget': 1 });
  });
});

describe('deepFreeze', () => {
  it('given a parsed row, then it and every array and object in it are frozen', () => {
    const row = deepFreeze(JSON.parse('{"n":[1,[2]],"o":{"p":[3]},"s":"x"}') as { n: [number, number[]]; o: { p: number[] } });
    expect([row, row.n, row.n[1], row.o, row.o.p].every((part) => Object.isFrozen(part))).toBe(true);
  });
});
