import { Partitioners } from 'kafkajs';
import type { TenfoldConfig } from '../../../libs/config/config';
import { DeadLetterProducer } from '../../../libs/integrations/kafka/dead-letter-producer';
import { IngestConsumer } from '../../../libs/integrations/kafka/ingest-consumer';
import { createKafka } from '../../../libs/integrations/kafka/kafka-client';
import { ensureTopics } from '../../../libs/integrations/kafka/topics';
import type { ProcessLogger } from '../../../libs/runtime/process-logger';
import { startProjectionRole } from '../../../libs/runtime/projection-role';
import { openRuntime, type Runtime } from '../../../libs/runtime/runtime';

const SWEEP_EVERY_MS = 5000;
const REPORT_EVERY_MS = 10_000;

/** A running ingest worker: one member of the consumer group, plus the parking sweeper. */
export interface IngestWorker {
  runtime: Runtime;
  consumer: IngestConsumer;
  stop(): Promise<void>;
}

/**
 * Open the store, create missing topics, join the consumer group and start sweeping parked envelopes.
 * With `TENFOLD_INGEST_PROJECTOR=thread` (or `inline`) the worker also projects, in a worker thread
 * (or on its own loop): on embedded SQLite one process then writes the file, and its threads wait on
 * one in-process lock, instead of a worker and a projector process meeting in SQLite's busy sleeps.
 */
export const startIngestWorker = async (config: TenfoldConfig, logger: ProcessLogger): Promise<IngestWorker> => {
  const threaded = config.ingestProjector === 'thread';
  const runtime = await openRuntime({ ...config, projector: threaded ? 'thread' : 'inline' }, logger, {
    projectorThread: threaded,
  });
  let stopProjection: (() => void) | undefined;
  const { topics } = config.kafka;
  const kafka = createKafka({ clientId: `${config.kafka.clientId}-ingest`, brokers: config.kafkaBrokers, logger });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = new IngestConsumer(
    kafka,
    runtime.ingestor,
    runtime.ledger,
    new DeadLetterProducer(producer, topics.deadLetters),
    {
      topic: topics.ingest,
      groupId: config.kafka.groupId,
      concurrency: config.kafka.concurrency,
      sessionTimeoutMs: config.kafka.sessionTimeoutMs,
      chunkSize: config.kafka.chunkSize,
    },
    logger,
  );
  try {
    if (runtime.projectorThread) {
      // The thread runs the projections, the audit chain and the escalation sweep; runtime.close() stops it.
      await runtime.projector.start();
    } else if (config.ingestProjector !== 'off') stopProjection = await startProjectionRole(runtime, logger);
    const created = await ensureTopics(kafka, [topics.ingest, topics.deadLetters], config.kafka);
    if (created.length > 0) logger.log('created topics', { topics: created, partitions: config.kafka.partitions });
    await producer.connect();
    await consumer.start();
  } catch (error) {
    stopProjection?.();
    await consumer.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  logger.log('ingest worker consuming', {
    topic: topics.ingest,
    groupId: config.kafka.groupId,
    deadLetters: topics.deadLetters,
    projecting: runtime.projectorThread ? 'thread' : config.ingestProjector === 'off' ? false : 'inline',
  });

  let sweeping: Promise<void> | undefined;
  const sweeper = setInterval(() => {
    sweeping ??= runtime.ingestor
      .sweep()
      .then((result) => {
        if (result.drained > 0 || result.expired > 0) logger.log('parking sweep', result);
      })
      .catch((error: unknown) => logger.error('parking sweep failed', { error: String(error) }))
      .finally(() => (sweeping = undefined));
  }, SWEEP_EVERY_MS);
  let reported = '';
  const reporter = setInterval(() => {
    const counts = JSON.stringify(consumer.counts);
    if (counts !== reported) logger.log('ingested', { ...consumer.counts });
    reported = counts;
  }, REPORT_EVERY_MS);

  return {
    runtime,
    consumer,
    async stop() {
      clearInterval(sweeper);
      clearInterval(reporter);
      stopProjection?.();
      await sweeping;
      await consumer.stop();
      await producer.disconnect();
      logger.log('ingested', { ...consumer.counts });
      await runtime.close();
    },
  };
};
