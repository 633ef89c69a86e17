import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type IHeaders, type Producer } from 'kafkajs';
import { Pool } from 'pg';

/** Real services only: the broker from KAFKA_BROKERS (see test/support/int-global-setup.ts) and PostgreSQL. */
export const brokers = (): string[] => {
  const list = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('KAFKA_BROKERS is not set (the integration global set-up starts a broker)');
  return list;
};
export const databaseUrl = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A short id that keeps this run's topics, group and schema apart from every other run. */
export const runId = (): string => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export const testKafka = (): Kafka => new Kafka({ clientId: 'tenfold-test', brokers: brokers(), logLevel: logLevel.NOTHING });

export const testProducer = async (kafka: Kafka): Promise<Producer> => {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
};

/** The env of a Tenfold role (in-process via loadConfig, or a child process) isolated to one run. */
export const roleEnv = (id: string, schema: string, extra: Record<string, string> = {}): Record<string, string> => ({
  TENFOLD_STORE: 'postgres',
  DATABASE_URL: databaseUrl(),
  TENFOLD_PG_SCHEMA: schema,
  KAFKA_BROKERS: brokers().join(','),
  KAFKA_CLIENT_ID: `tenfold-test-${id}`,
  KAFKA_GROUP_ID: `tenfold-ingest-${id}`,
  TENFOLD_KAFKA_INGEST_TOPIC: `test-${id}.ingest.v1`,
  TENFOLD_KAFKA_DLQ_TOPIC: `test-${id}.ingest.dlq.v1`,
  TENFOLD_KAFKA_EVENTS_TOPIC: `test-${id}.events.v1`,
  // The smallest the broker allows: a SIGKILLed member is evicted after 6 s instead of 30 s.
  TENFOLD_KAFKA_SESSION_TIMEOUT_MS: '6000',
  TENFOLD_LOG_LEVEL: 'warn',
  ...extra,
});

export interface ConsumedMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v ?? '')]));

/** Every message in a topic right now (up to each partition's high watermark), in partition order. */
export const readTopic = async (kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<ConsumedMessage[]> => {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const next = new Map([...ends.keys()].map((p) => [p, 0n]));
  const messages: ConsumedMessage[] = [];
  const done = (): boolean => [...ends].every(([p, high]) => (next.get(p) ?? 0n) >= high);
  if (done()) return messages;
  const consumer = kafka.consumer({ groupId: `tenfold-test-reader-${runId()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic}: timed out after ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            messages.push({
              partition: batch.partition,
              offset: m.offset,
              key: m.key?.toString() ?? null,
              value: m.value?.toString() ?? null,
              headers: headersOf(m.headers),
            });
            next.set(batch.partition, BigInt(m.offset) + 1n);
          }
          if (done()) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
};

/** Committed offset of a group on every partition of a topic equals the partition's end. */
export const groupCaughtUp = async (kafka: Kafka, groupId: string, topic: string): Promise<boolean> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map(committed.partitions.map((p) => [p.partition, p.offset]));
    return ends.every((e) => e.high === '0' || at.get(e.partition) === e.high);
  } finally {
    await admin.disconnect();
  }
};

export const deleteTopics = async (kafka: Kafka, prefix: string): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
};

/** A pool for assertions, and a fresh schema name that `dropSchema` removes afterwards. */
export const testPool = (): Pool => new Pool({ connectionString: databaseUrl(), max: 2 });
export const dropSchema = async (pool: Pool, schema: string): Promise<void> => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until `check` holds (returns its last value) or fail after `timeoutMs`. */
export const waitUntil = async <T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(everyMs);
  }
};
