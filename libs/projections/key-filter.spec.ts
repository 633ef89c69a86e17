import { KeyFilter } from './key-filter';

describe('KeyFilter', () => {
  it('always knows the keys it was given, and rarely claims others', () => {
    const filter = new KeyFilter(16);
    const added = Array.from({ length: 5000 }, (_, i) => `C-${i * 7}`);
    for (const key of added) filter.add(key);
    for (const key of added) expect(filter.mightHave(key)).toBe(true);
    const others = Array.from({ length: 5000 }, (_, i) => `K-${i}`);
    const falsePositives = others.filter((key) => filter.mightHave(key)).length;
    expect(falsePositives).toBeLessThan(others.length * 0.02);
    expect(new KeyFilter(16).mightHave('C-0')).toBe(false);
  });
});
