import type { EventHandler, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/** Something that says "new events may be there": adapters signal after each commit. */
export interface AppendSignal {
  wait(timeoutMs: number): Promise<void>;
}

/** A wake-up signal adapters fire after each append; waiters also wake on a timeout (polling). */
export class AppendNotifier implements AppendSignal {
  private waiters: Array<() => void> = [];

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        const index = this.waiters.indexOf(done);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }

  /** Waiters not yet woken (for tests: timed-out waits must not pile up). */
  get pending(): number {
    return this.waiters.length;
  }
}

/**
 * Catch-up subscription over any store's global log: reads batches after the last processed
 * position and hands them to the handler in order. A failing handler is retried with the same
 * batch after a back-off, so no event is skipped.
 */
export const pollingSubscription = (
  readAfter: (after: number, limit: number) => Promise<StoredEvent[]>,
  signal: AppendSignal,
  handler: EventHandler,
  options: SubscribeOptions,
): Subscription => {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  let position = options.after;
  let running = true;
  let wakeStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wakeStop = resolve));

  const sleep = (ms: number): Promise<void> =>
    Promise.race([new Promise<void>((r) => setTimeout(r, ms).unref?.()), stopped]);

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        const events = await readAfter(position, batchSize);
        if (!running) break;
        if (events.length === 0) {
          await Promise.race([signal.wait(pollIntervalMs), stopped]);
          continue;
        }
        await handler(events);
        position = events[events.length - 1].globalPosition;
      } catch (error) {
        options.onError?.(error);
        await sleep(1000);
      }
    }
  };
  const done = loop();

  return {
    get position() {
      return position;
    },
    async stop() {
      running = false;
      wakeStop();
      await done;
    },
  };
};
