import type {
  AppendResult,
  EventHandler,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  StoredEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store/event-store.port';
import { pollingSubscription, type AppendSignal } from '../event-store/polling-subscription';

export interface StoreSignals {
  /** Called after every append that stored events (once the append is durable). */
  onAppended?: () => void;
  /** Subscriptions wait on this signal (instead of the store's own, which only hears this connection). */
  wake?: AppendSignal;
}

/**
 * An event store that says when it appended, and whose subscriptions can be woken from outside.
 * The SQLite store's append signal is per connection: a projector on another thread's connection
 * only hears of appends through these hooks (otherwise it polls).
 */
export class SignalledEventStore implements EventStore {
  readonly appendMany?: (appends: StreamAppend[]) => Promise<AppendResult[]>;
  readonly findByIdempotencyKeys?: (keys: readonly string[]) => Promise<Map<string, StoredEvent>>;

  constructor(
    private readonly inner: EventStore,
    private readonly signals: StoreSignals,
  ) {
    const many = inner.appendMany?.bind(inner);
    if (many) {
      this.appendMany = async (appends) => {
        const results = await many(appends);
        if (results.some((r) => r.events.length > 0)) this.signals.onAppended?.();
        return results;
      };
    }
    if (inner.findByIdempotencyKeys) this.findByIdempotencyKeys = inner.findByIdempotencyKeys.bind(inner);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, expectedVersion);
    if (result.events.length > 0) this.signals.onAppended?.();
    return result;
  }

  readStream(
    streamId: string,
    options?: { fromVersion?: number; recordedUpTo?: number },
  ): Promise<StoredEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return this.inner.readAll(options);
  }

  findByIdempotencyKey(key: string): Promise<StoredEvent | null> {
    return this.inner.findByIdempotencyKey(key);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribe(handler: EventHandler, options: SubscribeOptions): Subscription {
    const wake = this.signals.wake;
    if (!wake) return this.inner.subscribe(handler, options);
    return pollingSubscription(
      (after, limit) => this.inner.readAll({ after, limit }),
      wake,
      handler,
      options,
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
