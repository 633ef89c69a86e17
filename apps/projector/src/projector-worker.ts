import { Partitioners, type Producer } from 'kafkajs';
import type { TenfoldConfig } from '../../../libs/config/config';
import { createKafka } from '../../../libs/integrations/kafka/kafka-client';
import { OutboundPublisher } from '../../../libs/integrations/kafka/outbound-publisher';
import { ensureTopics } from '../../../libs/integrations/kafka/topics';
import type { ProcessLogger } from '../../../libs/runtime/process-logger';
import { startPolicySweeps } from '../../../libs/runtime/policy-sweeps';
import { openRuntime, type Runtime } from '../../../libs/runtime/runtime';

/** A running projector process: the projections, and the outbound publisher when Kafka is configured. */
export interface ProjectorWorker {
  runtime: Runtime;
  publisher?: OutboundPublisher;
  stop(): Promise<void>;
}

export const startProjectorWorker = async (config: TenfoldConfig, logger: ProcessLogger): Promise<ProjectorWorker> => {
  const runtime = await openRuntime(config, logger);
  let producer: Producer | undefined;
  let stopSweeps: (() => void) | undefined;
  let publisher: OutboundPublisher | undefined;
  try {
    await runtime.projector.start();
    // Parked envelopes are swept by the ingest workers; the policy deadlines by the one projector.
    stopSweeps = startPolicySweeps(runtime, logger, { parkingMs: null, escalationMs: 30_000 });
    logger.log('projector following the log', { projections: runtime.projector.projections.map((p) => p.name) });
    if (config.kafkaBrokers.length > 0) {
      const topic = config.kafka.topics.events;
      const kafka = createKafka({ clientId: `${config.kafka.clientId}-publisher`, brokers: config.kafkaBrokers, logger });
      await ensureTopics(kafka, [topic], config.kafka);
      producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      publisher = new OutboundPublisher(runtime.store, runtime.views, producer, { topic }, logger);
      await publisher.start();
    } else {
      logger.log('KAFKA_BROKERS is not set: domain events are not published');
    }
  } catch (error) {
    stopSweeps?.();
    await publisher?.stop();
    await producer?.disconnect().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  return {
    runtime,
    publisher,
    async stop() {
      stopSweeps?.();
      await publisher?.stop();
      await producer?.disconnect();
      await runtime.close();
    },
  };
};
