import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isValidTimeZone, type BusinessCalendar } from '../domain/policies/calendar';
import { DEFAULT_SLA_TARGETS, type SlaTargets } from '../domain/policies/sla-targets';
import { DEFAULT_ICEBERG_RATIOS, parseIcebergRatios, type IcebergRatios } from '../domain/policies/iceberg';

const slaTarget = z.object({
  acknowledgeWithinMinutes: z.number().positive(),
  resolveWithinMinutes: z.number().positive(),
});
const slaTargetsSchema = z.object(
  Object.fromEntries(
    (['low', 'normal', 'high', 'critical'] as const).map((s) => [
      s,
      z.object({ standard: slaTarget, keyAccount: slaTarget }),
    ]),
  ) as Record<keyof SlaTargets, z.ZodObject<{ standard: typeof slaTarget; keyAccount: typeof slaTarget }>>,
);

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const list = (item: z.ZodString) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** Every setting, read once from the environment at start-up. Names are documented in README. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  TENFOLD_STORE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  TENFOLD_DB: z.string().min(1).default('./data/tenfold.db'),
  TENFOLD_SQLITE_SYNC: z.enum(['full', 'normal']).default('full'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/test'),
  TENFOLD_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  KAFKA_BROKERS: list(z.string().min(1)).default([]),
  KAFKA_CLIENT_ID: z.string().min(1).default('tenfold'),
  KAFKA_GROUP_ID: z.string().min(1).default('tenfold-ingest'),
  TENFOLD_KAFKA_INGEST_TOPIC: z.string().min(1).default('tenfold.ingest.v1'),
  TENFOLD_KAFKA_DLQ_TOPIC: z.string().min(1).default('tenfold.ingest.dlq.v1'),
  TENFOLD_KAFKA_EVENTS_TOPIC: z.string().min(1).default('tenfold.events.v1'),
  TENFOLD_KAFKA_PARTITIONS: z.coerce.number().int().positive().default(6),
  TENFOLD_KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
  TENFOLD_KAFKA_CONCURRENCY: z.coerce.number().int().positive().default(3),
  TENFOLD_KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30000),
  TENFOLD_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, 'not an IANA time zone the runtime knows'),
  TENFOLD_WORKING_DAYS: list(z.string().regex(/^[1-7]$/, 'ISO weekday 1-7')).optional(),
  TENFOLD_HOLIDAYS: list(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')).default([]),
  TENFOLD_UNIT_COST: z.coerce.number().positive().default(1),
  TENFOLD_SLA_TARGETS: json(slaTargetsSchema).optional(),
  TENFOLD_AUTO_ESCALATE_LEAD_MINUTES: z.coerce.number().min(0).default(60),
  TENFOLD_AUTO_ESCALATE_CATCH_UP_HOURS: z.coerce.number().min(0).default(24),
  TENFOLD_PARK_MAX_AGE_SECONDS: z.coerce
    .number()
    .positive()
    .default(24 * 3600),
  TENFOLD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  TENFOLD_INGEST_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  TENFOLD_MAX_BATCH_ITEMS: z.coerce.number().int().positive().default(5000),
  TENFOLD_PROJECTOR: z.enum(['thread', 'inline', 'off']).default('thread'),
  TENFOLD_INGEST_PROJECTOR: z.enum(['thread', 'inline', 'off']).default('off'),
  TENFOLD_KAFKA_CHUNK: z.coerce.number().int().positive().max(50_000).default(2000),
  TENFOLD_REBUILD_THREADS: z.coerce.number().int().positive().max(64).optional(),
  TENFOLD_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  TENFOLD_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** `formal,voicedElsewhere,silent` shares of unhappy customers, e.g. `0.05,0.35,0.60`. */
  TENFOLD_ICEBERG_RATIOS: z
    .string()
    .transform((text, ctx) => {
      const [formal, voicedElsewhere, silent, ...rest] = text.split(',').map((x) => Number(x.trim()));
      try {
        if (rest.length > 0) throw new RangeError('expected three numbers: formal,voicedElsewhere,silent');
        return parseIcebergRatios({ formal, voicedElsewhere, silent });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
});

export interface TenfoldConfig {
  port: number;
  host: string;
  store: 'sqlite' | 'postgres';
  sqliteFile: string;
  sqliteSync: 'full' | 'normal';
  databaseUrl: string;
  pgSchema: string;
  kafkaBrokers: string[];
  kafka: KafkaSettings;
  timeZone: string;
  calendar?: BusinessCalendar;
  unitCost: number;
  slaTargets: SlaTargets;
  parkMaxAgeMs: number;
  /** Auto-escalation: act this long before a deadline (0 = off), and still act this long after one. */
  autoEscalation: { leadMs: number; catchUpMs: number };
  maxBodyBytes: number;
  maxBatchItems: number;
  /** How long POST /ingest waits for the inline projector so views include what it accepted (0 = no wait). */
  ingestWaitMs: number;
  /**
   * Where the API's projector runs. `thread` (default): in a worker thread of the API process, with
   * its own connections, off the event loop that answers requests (falls back to `inline` where the
   * compiled worker is absent, e.g. TypeScript under ts-jest, for `:memory:`, and with PostgreSQL); `inline`: on the
   * request loop; `off`: a separate projector process does.
   */
  projector: 'thread' | 'inline' | 'off';
  /**
   * `thread`: the Kafka ingest worker also projects, in a worker thread of its own process (embedded
   * SQLite file: both cores, and the two writers wait on one in-process lock instead of SQLite's busy
   * sleeps; elsewhere it falls back to `inline`); `inline`: it projects on its own event loop; `off`
   * (default): a separate projector process does. Exactly one process may project a store.
   */
  ingestProjector: 'thread' | 'inline' | 'off';
  /**
   * Worker threads a full rebuild (`npm run rebuild`) shares the projections out
   * to, each reading the log on its own connections (embedded SQLite file only; PostgreSQL and 1 =
   * rebuild in the calling thread). Default: the cores available, at most one per projection.
   */
  rebuildThreads: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** `json`: one JSON object per line (default when stdout is not a terminal); `pretty`: coloured text. */
  logFormat: 'json' | 'pretty';
  icebergRatios: IcebergRatios;
}

/** Kafka roles: the ingest consumer group, the dead-letter topic and the outbound publisher. */
export interface KafkaSettings {
  clientId: string;
  groupId: string;
  topics: { ingest: string; deadLetters: string; events: string };
  /** Partitions and replication factor of topics the workers create when missing. */
  partitions: number;
  replicationFactor: number;
  /** Partitions one ingest worker processes at the same time (order holds within each). */
  concurrency: number;
  /** A worker that stops heartbeating this long loses its partitions to the others. */
  sessionTimeoutMs: number;
  /** Messages of a partition decided and appended in one transaction. */
  chunkSize: number;
}

export class ConfigError extends Error {}

/** Parse and validate the environment; throws ConfigError naming every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): TenfoldConfig => {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    store: c.TENFOLD_STORE,
    sqliteFile: c.TENFOLD_DB,
    sqliteSync: c.TENFOLD_SQLITE_SYNC,
    databaseUrl: c.DATABASE_URL,
    pgSchema: c.TENFOLD_PG_SCHEMA,
    kafkaBrokers: c.KAFKA_BROKERS,
    kafka: {
      clientId: c.KAFKA_CLIENT_ID,
      groupId: c.KAFKA_GROUP_ID,
      topics: {
        ingest: c.TENFOLD_KAFKA_INGEST_TOPIC,
        deadLetters: c.TENFOLD_KAFKA_DLQ_TOPIC,
        events: c.TENFOLD_KAFKA_EVENTS_TOPIC,
      },
      partitions: c.TENFOLD_KAFKA_PARTITIONS,
      replicationFactor: c.TENFOLD_KAFKA_REPLICATION_FACTOR,
      concurrency: c.TENFOLD_KAFKA_CONCURRENCY,
      sessionTimeoutMs: c.TENFOLD_KAFKA_SESSION_TIMEOUT_MS,
      chunkSize: c.TENFOLD_KAFKA_CHUNK,
    },
    timeZone: c.TENFOLD_TIME_ZONE,
    ...(c.TENFOLD_WORKING_DAYS
      ? { calendar: { workingDays: c.TENFOLD_WORKING_DAYS.map(Number), holidays: c.TENFOLD_HOLIDAYS } }
      : c.TENFOLD_HOLIDAYS.length > 0
        ? { calendar: { workingDays: [1, 2, 3, 4, 5, 6, 7], holidays: c.TENFOLD_HOLIDAYS } }
        : {}),
    unitCost: c.TENFOLD_UNIT_COST,
    slaTargets: (c.TENFOLD_SLA_TARGETS as SlaTargets | undefined) ?? DEFAULT_SLA_TARGETS,
    parkMaxAgeMs: c.TENFOLD_PARK_MAX_AGE_SECONDS * 1000,
    autoEscalation: {
      leadMs: c.TENFOLD_AUTO_ESCALATE_LEAD_MINUTES * 60_000,
      catchUpMs: c.TENFOLD_AUTO_ESCALATE_CATCH_UP_HOURS * 3_600_000,
    },
    maxBodyBytes: c.TENFOLD_MAX_BODY_BYTES,
    maxBatchItems: c.TENFOLD_MAX_BATCH_ITEMS,
    ingestWaitMs: c.TENFOLD_INGEST_WAIT_MS,
    projector: c.TENFOLD_PROJECTOR,
    ingestProjector: c.TENFOLD_INGEST_PROJECTOR,
    rebuildThreads: c.TENFOLD_REBUILD_THREADS ?? availableParallelism(),
    logLevel: c.TENFOLD_LOG_LEVEL,
    logFormat: c.TENFOLD_LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    icebergRatios: c.TENFOLD_ICEBERG_RATIOS ?? DEFAULT_ICEBERG_RATIOS,
  };
};

export const CONFIG = Symbol('CONFIG');
