import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadConfig } from '../../libs/config/config';
import { allProjections } from '../../libs/projections/all-projections';
import { DIST, PROFILES_DIR, scratchDir } from '../lib/paths';
import { row, type ResultRow } from '../lib/report';
import { toBatches } from '../lib/rows';
import { size, type BenchContext, type Scenario } from '../lib/scenario';
import { since, sleep } from '../lib/timing';
import { facts, toNewEvent, type Fact } from '../lib/workload';
import { bareSqlite, measureAppender } from './append-sqlite';

const INGEST_WORKER = join(DIST, 'apps', 'ingest', 'src', 'main.js');
const PROJECTOR_WORKER = join(DIST, 'apps', 'projector', 'src', 'main.js');
/** The ingest worker's default partition count and chunk size (one transaction per chunk). */
const PARTITIONS = 6;
const CHUNK = 2000;

const brokers = (): string[] =>
  (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);

const kafkaFor = (list: string[]) =>
  new Kafka({
    clientId: 'tenfold-bench',
    brokers: list,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 2 },
  });

const brokerUp = async (list: string[]): Promise<boolean> => {
  const admin = kafkaFor(list).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

/** The Kafka key: the id of the complaint or customer whose stream the envelope goes to. */
const entityKey = (fact: Fact): string => fact.streamId.slice(fact.streamId.indexOf('-') + 1);

/** Produce the workload to a fresh topic, keyed by complaint or customer id (per-stream order). */
const produce = async (kafka: Kafka, topic: string, all: Fact[]): Promise<number> => {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const start = process.hrtime.bigint();
  try {
    for (let i = 0; i < all.length; i += 2000) {
      await producer.send({
        topic,
        acks: -1,
        messages: all
          .slice(i, i + 2000)
          .map((f) => ({ key: entityKey(f), value: JSON.stringify(f.envelope) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return since(start);
};

/** The limit: a bare kafkajs consumer group that only counts what it receives (first message → last). */
const bareConsume = async (
  kafka: Kafka,
  topic: string,
  expected: number,
  timeoutMs: number,
): Promise<number> => {
  const consumer = kafka.consumer({ groupId: `${topic}-bare`, maxWaitTimeInMs: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let first: bigint | undefined;
  const done = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bare consumer saw ${seen}/${expected} messages in ${timeoutMs} ms`)),
      timeoutMs,
    );
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        first ??= process.hrtime.bigint();
        seen += batch.messages.length;
        if (seen >= expected) {
          clearTimeout(timer);
          resolve(since(first));
        }
      },
    });
  });
  try {
    return await done;
  } finally {
    await consumer.disconnect();
  }
};

const startWorker = (
  script: string,
  env: Record<string, string>,
  tail: string[],
  profileAs?: string,
): ChildProcess => {
  const profile = profileAs ? [`--cpu-prof`, `--cpu-prof-dir=${join(PROFILES_DIR, profileAs)}`] : [];
  const child = spawn(process.execPath, [...profile, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail.push(...chunk.split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  });
  return child;
};

/** CPU time (user + system) a running child has used so far, from /proc (Linux); null elsewhere. */
const cpuSecondsOf = (pid: number | undefined): number | null => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

const stopWorker = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(killer);
};

interface Progress {
  events: number;
  parked: number;
  deadLetters: number;
  /** Lowest checkpoint over every projection (0 until all have one). */
  projected: number;
}

const progressOf = (file: string, projections: string[]): Progress | null => {
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1000 });
    const n = (sql: string): number => (db!.prepare(sql).get() as { n: number | null }).n ?? 0;
    const checkpoints = new Map(
      (
        db.prepare('SELECT name, position FROM projection_checkpoints').all() as Array<{
          name: string;
          position: number;
        }>
      ).map((r) => [r.name, r.position]),
    );
    return {
      events: n('SELECT COUNT(*) AS n FROM events'),
      parked: n('SELECT COUNT(*) AS n FROM ingest_parked'),
      deadLetters: n('SELECT COUNT(*) AS n FROM dead_letters'),
      projected: Math.min(...projections.map((p) => checkpoints.get(p) ?? 0)),
    };
  } catch {
    return null; // tables not created yet
  } finally {
    db?.close();
  }
};

/**
 * How Tenfold consumes: the ingest worker plus a separate projector process (two processes writing
 * one SQLite file), or the worker projecting in a thread of its own (TENFOLD_INGEST_PROJECTOR=thread).
 */
interface Topology {
  label: string;
  name: string;
  projectorProcess: boolean;
}
const TOPOLOGIES: Topology[] = [
  { label: 'worker + projector process', name: 'process', projectorProcess: true },
  { label: 'worker with a projector thread', name: 'thread', projectorProcess: false },
];

interface TopologyRun {
  list: string[];
  topic: string;
  dlq: string;
  n: number;
  timeoutMs: number;
  dir: string;
  /** Workers started, for the caller to stop. */
  workers: ChildProcess[];
  /** Consumer groups used, for the caller to delete. */
  groups: string[];
}

/** Consume the whole topic with a fresh consumer group into a fresh file; time until everything is stored and projected. */
const runTopology = async (ctx: BenchContext, topology: Topology, run: TopologyRun) => {
  const { list, topic, dlq, n, timeoutMs, workers } = run;
  const file = join(run.dir, `tenfold-${topology.name}.db`);
  const projections = allProjections(loadConfig({})).map((p) => p.name);
  const tail: string[] = [];
  const common = { TENFOLD_DB: file, TENFOLD_STORE: 'sqlite', TENFOLD_LOG_LEVEL: 'warn' };
  const group = `${topic}-worker-${topology.name}`;
  run.groups.push(group);
  const profile = (role: string) => (ctx.profile ? `kafka-ingest-${topology.name}-${role}` : undefined);
  const spawned = process.hrtime.bigint();
  workers.push(
    startWorker(
      INGEST_WORKER,
      {
        ...common,
        KAFKA_BROKERS: list.join(','),
        TENFOLD_KAFKA_INGEST_TOPIC: topic,
        TENFOLD_KAFKA_DLQ_TOPIC: dlq,
        KAFKA_GROUP_ID: group,
        TENFOLD_INGEST_PROJECTOR: topology.projectorProcess ? 'off' : 'thread',
      },
      tail,
      profile('worker'),
    ),
  );
  // The projector only once the worker has created the schema (two processes migrating a fresh
  // file at once race: "table events already exists"), and without KAFKA_BROKERS: no outbound publishing.
  while (progressOf(file, projections) === null) {
    if (workers[0].exitCode !== null || since(spawned) * 1000 > timeoutMs)
      throw new Error(`ingest worker did not start:\n${tail.join('\n')}`);
    await sleep(50);
  }
  if (topology.projectorProcess)
    workers.push(startWorker(PROJECTOR_WORKER, { ...common, KAFKA_BROKERS: '' }, tail, profile('projector')));
  let firstStored: bigint | undefined;
  let last: Progress | null = null;
  let done: Progress | undefined;
  while (!done) {
    await sleep(100);
    last = progressOf(file, projections) ?? last;
    if (last && last.events > 0) firstStored ??= process.hrtime.bigint();
    if (last && last.events + last.parked + last.deadLetters >= n && last.projected >= last.events)
      done = last;
    else if (workers.some((w) => w.exitCode !== null) || since(spawned) * 1000 > timeoutMs) {
      throw new Error(
        `ingest did not finish (${JSON.stringify(last)}); last worker output:\n${tail.join('\n')}`,
      );
    }
  }
  const endToEnd = since(spawned);
  ctx.log(
    `${topology.label}: CPU used ${workers.map((w) => `${cpuSecondsOf(w.pid)?.toFixed(2) ?? '?'} s`).join(' + ')}`,
  );
  const steady = firstStored ? since(firstStored) : endToEnd;
  ctx.log(
    `${topology.label}: ${done.events} stored and projected in ${steady.toFixed(1)} s after the first event (${endToEnd.toFixed(1)} s including start-up)` +
      `${done.parked ? `, ${done.parked} parked` : ''}${done.deadLetters ? `, ${done.deadLetters} dead letters` : ''}`,
  );
  return { events: done.events, steady, endToEnd };
};

export const kafkaIngest: Scenario = {
  name: 'kafka-ingest',
  title:
    'Kafka ingest: envelopes pre-produced to the local broker → stored by the ingest worker and projected (projector process, or thread)',
  async run(ctx: BenchContext) {
    const list = brokers();
    if (list.length === 0)
      return {
        skipped:
          'KAFKA_BROKERS is not set (start a broker: eval "$(infra/kafka/start.sh | tail -n1)"; export KAFKA_BROKERS)',
      };
    if (!existsSync(INGEST_WORKER) || !existsSync(PROJECTOR_WORKER))
      return { skipped: 'the ingest worker or projector (apps/ingest, apps/projector) is not built' };
    if (!(await brokerUp(list))) return { skipped: `no Kafka broker answers at ${list.join(',')}` };

    const n = ctx.kafkaEvents ?? size(ctx, 200_000, 5_000);
    const timeoutMs = size(ctx, 300_000, 90_000);
    const kafka = kafkaFor(list);
    const topic = `tenfold-bench.ingest.${process.pid}.${Date.now()}`;
    const dlq = `${topic}.dlq`;
    const admin = kafka.admin();
    await admin.connect();
    const scratch = scratchDir('kafka-ingest');
    const workers: ChildProcess[] = [];
    const groups: string[] = [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      });
      const all = facts(n);
      const produced = await produce(kafka, topic, all);
      ctx.log(`produced ${n} envelopes to ${topic} (${PARTITIONS} partitions) in ${produced.toFixed(1)} s`);

      const consumeSeconds = await bareConsume(kafka, topic, n, timeoutMs);
      const consumeRate = n / consumeSeconds;
      const insert = await measureAppender(
        bareSqlite,
        toBatches(all.map(toNewEvent), CHUNK, 'limit'),
        scratch.dir,
        'limit',
        600,
      );
      ctx.log(
        `limits: bare kafkajs consume ${Math.round(consumeRate)} msgs/s, bare insert (${CHUNK}-row transactions) ${Math.round(insert.perSecond)} rows/s`,
      );

      const limit = Math.min(consumeRate, insert.perSecond);
      const rows: ResultRow[] = [];
      for (const topology of TOPOLOGIES) {
        const outcome = await runTopology(ctx, topology, {
          list,
          topic,
          dlq,
          n,
          timeoutMs,
          dir: scratch.dir,
          workers,
          groups,
        });
        rows.push(
          row(
            `${n / 1000}k envelopes: stored and projected, ${topology.label}`,
            'events/s',
            outcome.events / outcome.steady,
            null,
            limit,
          ),
          row(`${n / 1000}k envelopes: wall time incl. start-up, ${topology.label}`, 's', outcome.endToEnd),
        );
        for (const w of workers.splice(0)) await stopWorker(w);
      }
      rows.push(
        row('limit: bare kafkajs consume loop', 'events/s', null, null, consumeRate),
        row(`limit: bare insert (${CHUNK}-row transactions)`, 'events/s', null, null, insert.perSecond),
      );
      return { rows };
    } finally {
      for (const w of workers) await stopWorker(w);
      await admin.deleteGroups([`${topic}-bare`, ...groups]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic, dlq] }).catch(() => undefined);
      await admin.disconnect();
      scratch.remove();
    }
  },
};
