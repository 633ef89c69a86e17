import { Worker } from 'node:worker_threads';
import { ThreadWriteLock, threadWriteLock } from './sqlite-write-lock';

/**
 * Another thread that takes the lock the way `ThreadWriteLock` does (plain JS: jest runs
 * TypeScript, workers run JavaScript), holds it for `holdMs`, writes its mark into slot 1 and
 * releases it — or, with `release: false`, ends while still holding it.
 */
const OTHER_THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const state = new Int32Array(workerData.buffer);
const me = 1000;
while (Atomics.compareExchange(state, 0, 0, me) !== 0) Atomics.wait(state, 0, Atomics.load(state, 0), 10);
parentPort.postMessage('held');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
Atomics.store(state, 1, 7);
if (workerData.release) { Atomics.store(state, 0, 0); Atomics.notify(state, 0, 1); }
`;

const otherThread = async (buffer: SharedArrayBuffer, holdMs: number, release = true): Promise<Worker> => {
  const worker = new Worker(OTHER_THREAD, { eval: true, workerData: { buffer, holdMs, release } });
  await new Promise((resolve) => worker.once('message', resolve));
  return worker;
};

describe("ThreadWriteLock (one SQLite file's write lock across the threads of a process)", () => {
  it('given another thread holds the lock, when this thread writes, then it waits until the other released it, and no longer', async () => {
    const buffer = new SharedArrayBuffer(8);
    const worker = await otherThread(buffer, 150);
    const started = Date.now();
    const seen = new ThreadWriteLock(buffer).hold(() => Atomics.load(new Int32Array(buffer), 1));
    const waited = Date.now() - started;
    expect(seen).toBe(7);
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(2000);
    expect(Atomics.load(new Int32Array(buffer), 0)).toBe(0);
    await worker.terminate();
  });

  it('given a thread ended while holding it, when this thread writes, then it takes the lock over after its longest wait', async () => {
    const buffer = new SharedArrayBuffer(8);
    const worker = await otherThread(buffer, 0, false);
    await new Promise((resolve) => worker.once('exit', resolve));
    const started = Date.now();
    expect(new ThreadWriteLock(buffer, 200).hold(() => 'written')).toBe('written');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Atomics.load(new Int32Array(buffer), 0)).toBe(0);
  });

  it('given a write inside a write of the same thread (any connection), when it runs, then it does not wait for itself', () => {
    const buffer = ThreadWriteLock.create();
    const lock = threadWriteLock(buffer, 60_000);
    expect(threadWriteLock(buffer)).toBe(lock);
    expect(lock.hold(() => threadWriteLock(buffer).hold(() => 'inner'))).toBe('inner');
    expect(Atomics.load(new Int32Array(buffer), 0)).toBe(0);
  });

  it('given the work throws, when it ends, then the lock is free again', () => {
    const buffer = ThreadWriteLock.create();
    const lock = new ThreadWriteLock(buffer);
    expect(() =>
      lock.hold(() => {
        throw new Error('disk I/O error');
      }),
    ).toThrow('disk I/O error');
    expect(Atomics.load(new Int32Array(buffer), 0)).toBe(0);
    expect(lock.hold(() => 'again')).toBe('again');
  });
});
