import { randomFillSync } from 'node:crypto';

/**
 * Event ids are UUIDv7 (RFC 9562): a 48-bit Unix-millisecond timestamp, then random bits. Being
 * time-ordered, new ids land at the right-hand end of any B-tree keyed by them instead of on a
 * random page, so an append dirties (and syncs) a few pages rather than one per event.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Format 16 bytes as a lower-case 8-4-4-4-12 UUID. */
export const formatUuid = (b: Uint8Array): string =>
  HEX[b[0]] +
  HEX[b[1]] +
  HEX[b[2]] +
  HEX[b[3]] +
  '-' +
  HEX[b[4]] +
  HEX[b[5]] +
  '-' +
  HEX[b[6]] +
  HEX[b[7]] +
  '-' +
  HEX[b[8]] +
  HEX[b[9]] +
  '-' +
  HEX[b[10]] +
  HEX[b[11]] +
  HEX[b[12]] +
  HEX[b[13]] +
  HEX[b[14]] +
  HEX[b[15]];

/**
 * The 16 bytes of a UUIDv7 for `ms`, with a 12-bit counter in `rand_a` (RFC 9562 §6.2, method 1)
 * and 62 random bits from `random` (10 bytes, of which the first 8 bits of byte 0 are unused).
 */
export const uuidV7Bytes = (ms: number, counter: number, random: Uint8Array): Uint8Array => {
  const b = new Uint8Array(16);
  // 48-bit big-endian milliseconds: split so no bitwise operator truncates to 32 bits.
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  b[0] = (high >>> 16) & 0xff;
  b[1] = (high >>> 8) & 0xff;
  b[2] = high & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  b[6] = 0x70 | ((counter >>> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (random[2] & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = random[i - 6];
  return b;
};

/** A generator of UUIDv7 strings, strictly increasing within the generator even when the clock stalls or steps back. */
export const uuidV7Generator = (
  now: () => number = Date.now,
  fill: (bytes: Uint8Array) => void = randomFillSync,
) => {
  const pool = new Uint8Array(10 * 256);
  let offset = pool.length;
  let lastMs = -1;
  let counter = 0;
  return (): string => {
    if (offset === pool.length) {
      fill(pool);
      offset = 0;
    }
    const random = pool.subarray(offset, offset + 10);
    offset += 10;
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      // A fresh random start in the lower half leaves room to count up within the millisecond.
      counter = ((random[0] << 8) | random[1]) & 0x7ff;
    } else if (++counter > 0xfff) {
      // 4096 ids in one millisecond (or a clock that went back): borrow the next millisecond.
      lastMs += 1;
      counter = 0;
    }
    return formatUuid(uuidV7Bytes(lastMs, counter, random));
  };
};

/** A new, unique, time-ordered event id (UUIDv7). Every event id Tenfold assigns comes from here. */
export const newEventId: () => string = uuidV7Generator();
