import { formatUuid, newEventId, uuidV7Bytes, uuidV7Generator } from './event-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids (UUIDv7)', () => {
  it('have the UUIDv7 shape: version 7, RFC 4122 variant', () => {
    for (let i = 0; i < 1000; i++) expect(newEventId()).toMatch(UUID_V7);
  });

  it('carry the creation millisecond in their first 48 bits', () => {
    const ms = Date.parse('2026-03-05T09:30:00.123Z');
    const id = uuidV7Generator(() => ms)();
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
    expect(formatUuid(uuidV7Bytes(0xffffffffffff, 0xfff, new Uint8Array(10).fill(0xff)))).toBe(
      'ffffffff-ffff-7fff-bfff-ffffffffffff',
    );
    expect(formatUuid(uuidV7Bytes(0, 0, new Uint8Array(10)))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('increase strictly, within one millisecond, across milliseconds and when the clock steps back', () => {
    const clock = [5, 5, 5, 6, 6, 3, 3, 7];
    let i = 0;
    const next = uuidV7Generator(() => clock[Math.min(i++, clock.length - 1)]);
    const ids = Array.from({ length: 5000 }, () => next());
    for (let k = 1; k < ids.length; k++) expect(ids[k] > ids[k - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are unique across many calls', () => {
    const ids = Array.from({ length: 20000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
  });
});
