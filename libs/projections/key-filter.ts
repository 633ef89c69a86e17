/**
 * A Bloom filter over string keys: `mightHave` is false only for keys never added, and true for
 * added keys plus a small share of others. Holds a few hundred thousand keys in a fixed 256 KiB
 * instead of a Set that would keep every key string alive.
 */
export class KeyFilter {
  private readonly bits: Int32Array;
  private readonly mask: number;

  /** `log2Bits`: the filter's size (2^log2Bits bits); the false-positive share grows with the keys added. */
  constructor(
    log2Bits = 21,
    private readonly hashes = 4,
  ) {
    this.bits = new Int32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(key: string): void {
    const [a, b] = hashPair(key);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  mightHave(key: string): boolean {
    const [a, b] = hashPair(key);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const pair: [number, number] = [0, 0];

/** Two 32-bit hashes of a string (FNV-1a and a multiplicative one), for double hashing. */
const hashPair = (key: string): [number, number] => {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b) ^ (b >>> 13);
  }
  pair[0] = a >>> 0;
  // An odd step visits distinct bits for each of the hashes.
  pair[1] = (b | 1) >>> 0;
  return pair;
};
