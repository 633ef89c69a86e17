import { hasKeysInOrder } from './key-order';

describe('hasKeysInOrder', () => {
  it('is true only for exactly these keys in this order', () => {
    expect(hasKeysInOrder({ a: 1, b: 2 }, ['a', 'b'])).toBe(true);
    expect(hasKeysInOrder(JSON.parse('{"a":1,"b":2}'), ['a', 'b'])).toBe(true);
    expect(hasKeysInOrder({ b: 2, a: 1 }, ['a', 'b'])).toBe(false);
    expect(hasKeysInOrder({ a: 1 }, ['a', 'b'])).toBe(false);
    expect(hasKeysInOrder({ a: 1, b: 2, c: 3 }, ['a', 'b'])).toBe(false);
    expect(hasKeysInOrder({}, [])).toBe(true);
  });
});
