import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { loadConfig } from '../../libs/config/config';
import { openSqlite } from '../../libs/event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store';
import { allProjections } from '../../libs/projections/all-projections';
import { viewsAsOf } from '../../libs/projections/as-of';
import { SqliteViewStore } from '../../libs/projections/sqlite/sqlite-view-store';
import { dump } from '../support/generated-history';
import { ChildRole } from './support/child-role';
import { buildDataset, type Dataset } from './support/ingest-dataset';
import { deleteTopics, roleEnv, runId, testKafka, testProducer, waitUntil } from './support/kafka-test-env';

/**
 * Embedded SQLite with Kafka: one ingest worker that also projects in a thread of its own
 * (TENFOLD_INGEST_PROJECTOR=thread), so a single process writes the file. Real broker, the
 * compiled worker as a child process; the views it builds must equal a fold of the log.
 */
describe('Kafka ingest worker with a projector thread (embedded SQLite, child process)', () => {
  const id = runId();
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-ingest-thread-'));
  const file = join(dir, 'tenfold.db');
  const env = roleEnv(id, 'unused', {
    TENFOLD_STORE: 'sqlite',
    TENFOLD_DB: file,
    TENFOLD_INGEST_PROJECTOR: 'thread',
    TENFOLD_LOG_LEVEL: 'log',
  });
  const worker = new ChildRole('ingest', env);
  let kafka: Kafka;
  let producer: Producer | undefined;
  let data: Dataset;

  beforeAll(() => {
    kafka = testKafka();
    data = buildDataset({ runId: id, total: 2000 });
  });

  afterAll(async () => {
    await worker.ensureStopped();
    await producer?.disconnect();
    await deleteTopics(kafka, `test-${id}.`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores and projects every valid envelope in one process, and its views equal a fold of the log', async () => {
    await worker.start('ingest worker consuming');
    expect(worker.output).toContain('"projecting":"thread"');
    producer = await testProducer(kafka);
    await producer.send({
      topic: env.TENFOLD_KAFKA_INGEST_TOPIC,
      acks: -1,
      messages: data.messages.map((m) => ({ key: m.key, value: m.value })),
    });

    const config = loadConfig({ TENFOLD_DB: file });
    const projections = allProjections(config);
    const db = openSqlite({ file, synchronous: 'normal' });
    try {
      const store = new SqliteEventStore(db);
      const views = new SqliteViewStore(db);
      await waitUntil(
        'every valid envelope stored',
        () => store.headPosition(),
        (n) => n >= data.validDistinct,
        120_000,
      );
      const head = await store.headPosition();
      await waitUntil(
        'every projection at the head',
        async () => Promise.all(projections.map((p) => views.checkpoint(p.name))),
        (positions) => positions.every((p) => p === head),
        60_000,
      );
      expect((await worker.stop('SIGTERM')).code).toBe(0);
      expect(worker.output).toContain('projector thread stopped');
      expect(worker.output).not.toMatch(/projector thread (failed|exited)/);
      expect(head).toBe(data.validDistinct);
      const rebuilt = await viewsAsOf(store, projections, Number.MAX_SAFE_INTEGER);
      expect(await dump(views, projections)).toEqual(await dump(rebuilt, projections));
      expect(await views.checkpoint('audit-chain')).toBe(head);
    } finally {
      db.close();
    }
  }, 240_000);
});
