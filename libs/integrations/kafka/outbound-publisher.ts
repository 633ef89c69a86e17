import type { Message, Producer } from 'kafkajs';
import type { EventStore, StoredEvent, Subscription } from '../../event-store/event-store.port';
import type { ViewStore } from '../../projections/view-store.port';
import type { KafkaLogger } from './kafka-client';

/** The headers every outbound domain event carries. */
export const OUTBOUND_HEADERS = {
  eventId: 'tenfold-event-id',
  eventType: 'tenfold-event-type',
  globalPosition: 'tenfold-global-position',
} as const;

/** The value of an outbound message: the stored event, with its place in its stream and in the log. */
export interface OutboundEvent {
  type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
  streamId: string;
  streamVersion: number;
  globalPosition: number;
}

/** One stored event as a Kafka message, keyed by its stream so per-stream order holds. */
export const toOutboundMessage = (event: StoredEvent): Message => {
  const value: OutboundEvent = {
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
  };
  return {
    key: event.streamId,
    value: JSON.stringify(value),
    headers: {
      [OUTBOUND_HEADERS.eventId]: event.metadata.eventId,
      [OUTBOUND_HEADERS.eventType]: event.type,
      [OUTBOUND_HEADERS.globalPosition]: String(event.globalPosition),
    },
  };
};

export interface OutboundPublisherOptions {
  topic: string;
  /** Events read from the log and sent per batch. */
  batchSize?: number;
}

/**
 * Publishes the store's global log to a topic from its own checkpoint. A batch is sent, the
 * broker acknowledges it (all in-sync replicas), and only then the checkpoint moves: a crash or
 * a failed send re-sends from the checkpoint, so every event goes out at least once and none is
 * skipped. The producer must be idempotent with one request in flight, so retries cannot reorder.
 */
export class OutboundPublisher {
  readonly checkpointName: string;
  private subscription?: Subscription;

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    private readonly producer: Producer,
    private readonly options: OutboundPublisherOptions,
    private readonly logger: KafkaLogger,
  ) {
    this.checkpointName = `publisher:${options.topic}`;
  }

  /** Follow the log from the checkpoint until stopped. */
  async start(): Promise<void> {
    if (this.subscription) return;
    const after = await this.views.checkpoint(this.checkpointName);
    this.logger.log('outbound publisher starting', { topic: this.options.topic, after });
    this.subscription = this.store.subscribe((events) => this.publish(events), {
      after,
      batchSize: this.options.batchSize ?? 500,
      onError: (error) =>
        this.logger.error('publishing a batch failed; re-sending it from the checkpoint', {
          topic: this.options.topic,
          error: String(error),
        }),
    });
  }

  /** Send one batch and move the checkpoint past it once the broker has acknowledged it. */
  async publish(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.producer.send({ topic: this.options.topic, acks: -1, messages: events.map(toOutboundMessage) });
    await this.views.commit(this.checkpointName, [], events[events.length - 1].globalPosition);
  }

  /** Global position of the last event published in this process (the checkpoint, once started). */
  get position(): number {
    return this.subscription?.position ?? 0;
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }
}
