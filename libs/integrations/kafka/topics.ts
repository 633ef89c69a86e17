import type { Kafka } from 'kafkajs';

/** Tenfold's topics: envelopes in, rejected envelopes out, domain events out. */
export interface TenfoldTopics {
  ingest: string;
  deadLetters: string;
  events: string;
}

export const DEFAULT_TOPICS: TenfoldTopics = {
  ingest: 'tenfold.ingest.v1',
  deadLetters: 'tenfold.ingest.dlq.v1',
  events: 'tenfold.events.v1',
};

/** Create the topics that do not exist yet; a topic another worker creates meanwhile is fine. */
export const ensureTopics = async (
  kafka: Kafka,
  topics: string[],
  settings: { partitions: number; replicationFactor: number },
): Promise<string[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
};
