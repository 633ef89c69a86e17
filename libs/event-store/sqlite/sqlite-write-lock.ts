import { threadId } from 'node:worker_threads';

/**
 * One SQLite file's write lock shared by the threads of a process (API loop, writer thread,
 * projector thread, rebuild threads), in a SharedArrayBuffer. SQLite lets one connection write at a
 * time; a connection that finds the file locked sleeps in its busy handler (1, 2, 5, 10 … ms) and
 * is not woken when the lock is free, which under load adds milliseconds to every commit. Taking
 * this lock first turns that into a wait that ends the moment the other thread commits.
 *
 * It only orders this process's writers: SQLite's own lock still guards the file (other processes
 * meet the busy timeout as before). So a wait never blocks longer than `maxWaitMs`: past that (a
 * thread that ended while holding it), the lock is taken over and SQLite decides as before.
 */
export class ThreadWriteLock {
  private readonly state: Int32Array;
  private readonly me = threadId + 1;
  private depth = 0;

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly maxWaitMs = 5000,
  ) {
    this.state = new Int32Array(buffer, 0, 1);
  }

  /** A new, free lock to hand to every thread that opens the same file. */
  static create(): SharedArrayBuffer {
    return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  }

  /** Run `work` holding the lock (re-entrant within this thread). */
  hold<T>(work: () => T): T {
    if (this.depth > 0) return this.nested(work);
    this.acquire();
    this.depth = 1;
    try {
      return work();
    } finally {
      this.depth = 0;
      this.release();
    }
  }

  private nested<T>(work: () => T): T {
    this.depth++;
    try {
      return work();
    } finally {
      this.depth--;
    }
  }

  private acquire(): void {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const owner = Atomics.compareExchange(this.state, 0, 0, this.me);
      if (owner === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        // Held past any commit's length: its owner is gone (or stuck). Take it over; SQLite still guards the file.
        if (Atomics.compareExchange(this.state, 0, owner, this.me) === owner) return;
        continue;
      }
      Atomics.wait(this.state, 0, owner, left);
    }
  }

  private release(): void {
    // Unless another thread took it over meanwhile.
    if (Atomics.compareExchange(this.state, 0, this.me, 0) === this.me) Atomics.notify(this.state, 0, 1);
  }
}

/** This thread's lock object per shared buffer, so every connection of the thread shares one (re-entrant) lock. */
const perBuffer = new WeakMap<SharedArrayBuffer, ThreadWriteLock>();
export const threadWriteLock = (buffer: SharedArrayBuffer, maxWaitMs?: number): ThreadWriteLock => {
  let lock = perBuffer.get(buffer);
  if (!lock) {
    lock = new ThreadWriteLock(buffer, maxWaitMs);
    perBuffer.set(buffer, lock);
  }
  return lock;
};
