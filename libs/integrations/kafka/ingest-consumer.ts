import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { IngestLedger } from '../../ingestion/ingest-ledger.port';
import { rejected, type IngestOutcome } from '../../ingestion/ingest-outcome';
import type { Ingestor } from '../../ingestion/ingestor';
import { idempotencyKeyOf } from '../envelope';
import type { DeadLetterProducer } from './dead-letter-producer';
import type { KafkaLogger } from './kafka-client';

export interface IngestConsumerOptions {
  topic: string;
  groupId: string;
  /** Partitions processed at the same time by this worker; each one stays in offset order. */
  concurrency: number;
  sessionTimeoutMs: number;
  /** Messages decided and appended together (one transaction); default 2000. */
  chunkSize?: number;
  now?: () => number;
}

export interface IngestCounts {
  accepted: number;
  duplicate: number;
  rejected: number;
}

const keyOf = (value: unknown): string | null => {
  if (typeof value !== 'object' || value === null) return null;
  const { source, sourceEventId } = value as { source?: unknown; sourceEventId?: unknown };
  return typeof source === 'string' && typeof sourceEventId === 'string' ? idempotencyKeyOf({ source, sourceEventId }) : null;
};

const parseValue = (text: string): { value: unknown } | { error: IngestOutcome } => {
  if (text.trim() === '') return { error: rejected('empty_message', 'The message has no value; send one JSON envelope per message') };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: rejected('invalid_json', `The message value is not JSON: ${(error as Error).message}`) };
  }
};

/**
 * The Kafka side of ingestion: a consumer group on the ingest topic, one JSON envelope per message.
 * Each message is stored (or parked, or found to be a duplicate) or dead-lettered before its
 * offset is resolved, and only resolved offsets are ever committed, so a crash redelivers what
 * was not yet durable and the (source, sourceEventId) key turns redeliveries into duplicates.
 */
export class IngestConsumer {
  private consumer?: Consumer;
  private readonly now: () => number;
  readonly counts: IngestCounts = { accepted: 0, duplicate: 0, rejected: 0 };

  constructor(
    private readonly kafka: Kafka,
    private readonly ingestor: Ingestor,
    private readonly ledger: IngestLedger,
    private readonly deadLetters: DeadLetterProducer,
    private readonly options: IngestConsumerOptions,
    private readonly logger: KafkaLogger,
  ) {
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(this.options.sessionTimeoutMs / 3)),
      allowAutoTopicCreation: false,
      // Short long-polls: an idle worker answers a shutdown or a rebalance within a second.
      maxWaitTimeInMs: 1000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.logger.error('ingest consumer crashed', { error: String(payload.error), restart: payload.restart }),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({
      // kafkajs commits only offsets we resolved: after each batch, on errors, and when these thresholds are met.
      autoCommit: true,
      autoCommitInterval: 1000,
      autoCommitThreshold: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /** Leave the group after the batches in progress finish; their resolved offsets are committed. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  /**
   * Messages are taken in chunks: a chunk is decided and appended in one transaction (`ingestMany`),
   * or in runs split at its rejections, each dead-lettered before what follows it is stored; only
   * then are its offsets resolved.
   */
  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale } = payload;
    for (let start = 0; start < batch.messages.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + this.chunkSize);
      // Every message before a dead letter is durable by the time it is written; a dead letter is not
      // idempotent like an append, so its offset is committed as soon as it is written.
      await this.processChunk(batch.topic, batch.partition, chunk, async (offset) => {
        resolveOffset(offset);
        await commitOffsetsIfNecessary(uncommittedOffsets());
      });
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private get chunkSize(): number {
    return this.options.chunkSize ?? 2000;
  }

  /**
   * Store a chunk of messages in order. A rejected message is dead-lettered (and its offset
   * committed) before anything after it is stored: the chunk is appended in runs that end at a
   * rejection, so a crash never leaves later messages stored while the rejection is redelivered
   * and decided again against their state.
   */
  private async processChunk(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    deadLettered: (offset: string) => Promise<void>,
  ): Promise<void> {
    const texts = messages.map((m) => m.value?.toString('utf8') ?? '');
    const parsed = texts.map(parseValue);
    let next = 0;
    while (next < messages.length) {
      const item = parsed[next];
      if ('error' in item) {
        this.counts.rejected++;
        await this.deadLetter(topic, partition, messages[next], texts[next], null, item.error, deadLettered);
        next++;
        continue;
      }
      let end = next;
      while (end < messages.length && 'value' in parsed[end]) end++;
      const values = parsed.slice(next, end).map((p) => (p as { value: unknown }).value);
      const outcomes = await this.ingestor.ingestMany(values, 'kafka', { untilRejected: true });
      for (const [k, outcome] of outcomes.entries()) {
        this.counts[outcome.status]++;
        if (outcome.status === 'rejected')
          await this.deadLetter(topic, partition, messages[next + k], texts[next + k], keyOf(values[k]), outcome, deadLettered);
      }
      next += outcomes.length;
    }
  }

  /** Copy a rejected message to the DLQ topic and the dead-letter table, then commit its offset. */
  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    text: string,
    idempotencyKey: string | null,
    outcome: IngestOutcome,
    deadLettered: (offset: string) => Promise<void>,
  ): Promise<void> {
    if (outcome.status !== 'rejected') return;
    await this.deadLetters.send({
      key: message.key,
      value: message.value,
      reason: outcome.reason,
      message: outcome.message,
      issues: outcome.issues,
      topic,
      partition,
      offset: message.offset,
    });
    await this.ledger.deadLetter({
      origin: 'kafka',
      idempotencyKey,
      payload: text,
      reason: outcome.reason,
      message: outcome.message,
      issues: outcome.issues,
      createdAt: this.now(),
      locator: `${topic}/${partition}@${message.offset}`,
    });
    await deadLettered(message.offset);
  }
}
