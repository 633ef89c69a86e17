import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { DEAD_LETTER_HEADERS } from '../../libs/integrations/kafka/dead-letter-producer';
import { OUTBOUND_HEADERS, type OutboundEvent } from '../../libs/integrations/kafka/outbound-publisher';
import { ChildRole } from './support/child-role';
import { buildDataset, type Dataset } from './support/ingest-dataset';
import {
  deleteTopics,
  dropSchema,
  groupCaughtUp,
  readTopic,
  roleEnv,
  runId,
  testKafka,
  testPool,
  testProducer,
  waitUntil,
} from './support/kafka-test-env';

/**
 * The production shape end to end, on a real broker and a real PostgreSQL: 10,000 messages
 * (duplicates and bad ones included) through ingest workers running as child processes, one of
 * them SIGKILLed mid-run; a projector + outbound publisher process, also SIGKILLed mid-run.
 */
describe('Kafka ingest → PostgreSQL → projector → outbound topic (child processes, SIGKILL mid-run)', () => {
  const id = runId();
  const schema = `it_kafka_${id}`;
  const env = roleEnv(id, schema, { TENFOLD_LOG_LEVEL: 'log' });
  const topics = { ingest: env.TENFOLD_KAFKA_INGEST_TOPIC, dlq: env.TENFOLD_KAFKA_DLQ_TOPIC, events: env.TENFOLD_KAFKA_EVENTS_TOPIC };
  const roles = {
    ingestA: new ChildRole('ingest', env),
    ingestB: new ChildRole('ingest', env),
    projectorA: new ChildRole('projector', env),
    projectorB: new ChildRole('projector', env),
  };
  let kafka: Kafka;
  let pool: Pool;
  let producer: Producer | undefined;
  let data: Dataset;
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const mark = (name: string): void => {
    timings[name] = Math.round((Date.now() - t0) / 100) / 10;
  };
  const scalar = async (sql: string): Promise<number> => Number((await pool.query(sql)).rows[0].n);
  const events = `"${schema}".events`;

  beforeAll(() => {
    kafka = testKafka();
    pool = testPool();
    data = buildDataset({ runId: id });
  });

  afterAll(async () => {
    for (const role of Object.values(roles)) await role.ensureStopped();
    await producer?.disconnect();
    await dropSchema(pool, schema);
    await pool.end();
    await deleteTopics(kafka, `test-${id}.`);
    console.log(`ingest pipeline timings (s since start): ${JSON.stringify(timings)}`);
  });

  it('stores exactly the valid distinct envelopes, dead-letters the bad ones and publishes every event in stream order', async () => {
    expect(data.messages).toHaveLength(10_000);
    const bad = data.messages.filter((m) => m.kind === 'bad');
    expect(bad).toHaveLength(100);
    expect(data.messages.filter((m) => m.kind === 'duplicate')).toHaveLength(500);

    await roles.ingestA.start('ingest worker consuming');
    await roles.projectorA.start('outbound publisher starting');
    mark('rolesReady');

    producer = await testProducer(kafka);
    for (let i = 0; i < data.messages.length; i += 1000) {
      await producer.send({
        topic: topics.ingest,
        acks: -1,
        messages: data.messages.slice(i, i + 1000).map((m) => ({ key: m.key, value: m.value })),
      });
    }
    mark('produced');

    // SIGKILL the ingest worker while it is working through the backlog.
    const beforeKill = await waitUntil('a quarter of the events stored', () => scalar(`SELECT count(*) AS n FROM ${events}`), (n) => n >= 2500, 60_000);
    expect((await roles.ingestA.stop('SIGKILL')).signal).toBe('SIGKILL');
    const atKill = await scalar(`SELECT count(*) AS n FROM ${events}`);
    mark('ingestKilled');
    expect(beforeKill).toBeGreaterThanOrEqual(2500);
    expect(atKill).toBeLessThan(data.validDistinct);

    await roles.ingestB.start('ingest worker consuming');
    mark('ingestRestarted');

    // SIGKILL the projector/publisher while new events keep arriving, then start another.
    await waitUntil('more events after the restart', () => scalar(`SELECT count(*) AS n FROM ${events}`), (n) => n >= atKill + 1500 || n >= data.validDistinct, 90_000);
    expect((await roles.projectorA.stop('SIGKILL')).signal).toBe('SIGKILL');
    mark('projectorKilled');
    await roles.projectorB.start('outbound publisher starting');

    await waitUntil('every valid envelope stored', () => scalar(`SELECT count(*) AS n FROM ${events}`), (n) => n >= data.validDistinct, 120_000);
    mark('allStored');
    await waitUntil('ingest offsets committed to the end', () => groupCaughtUp(kafka, env.KAFKA_GROUP_ID, topics.ingest), Boolean, 60_000, 500);
    await waitUntil('nothing left parked', () => scalar(`SELECT count(*) AS n FROM "${schema}".ingest_parked`), (n) => n === 0, 30_000);
    const head = await scalar(`SELECT max(global_position) AS n FROM ${events}`);
    await waitUntil(
      'projections and publisher at the head',
      async () => (await pool.query(`SELECT name, position FROM "${schema}".projection_checkpoints`)).rows as Array<{ name: string; position: string }>,
      (rows) => rows.length >= 2 && rows.every((r) => Number(r.position) === head) && rows.some((r) => r.name === `publisher:${topics.events}`),
      60_000,
    );
    mark('caughtUp');

    // Graceful shutdown: SIGTERM, exit 0.
    expect((await roles.ingestB.stop('SIGTERM')).code).toBe(0);
    expect((await roles.projectorB.stop('SIGTERM')).code).toBe(0);
    mark('stopped');

    // The store: exactly the valid distinct envelopes, each stream complete and gap-free.
    const validKeys = new Set(
      data.messages.filter((m) => m.kind === 'valid').map((m) => {
        const e = JSON.parse(m.value) as { source: string; sourceEventId: string };
        return `${e.source}:${e.sourceEventId}`;
      }),
    );
    expect(validKeys.size).toBe(data.validDistinct);
    const stored = (await pool.query(`SELECT idempotency_key FROM ${events}`)).rows.map((r) => r.idempotency_key as string);
    expect(stored).toHaveLength(data.validDistinct);
    expect(new Set(stored)).toEqual(validKeys);
    const streams = (
      await pool.query(`SELECT stream_id, count(*)::int AS n, max(stream_version) AS last FROM ${events} GROUP BY stream_id`)
    ).rows as Array<{ stream_id: string; n: number; last: number }>;
    expect(streams.filter((s) => s.stream_id.startsWith('complaint-'))).toHaveLength(data.complaints);
    expect(streams.filter((s) => s.stream_id.startsWith('customer-'))).toHaveLength(data.customers);
    for (const s of streams) {
      expect(s.n).toBe(s.stream_id.startsWith('complaint-') ? data.eventsPerComplaint : data.eventsPerCustomer);
      expect(s.last).toBe(s.n - 1);
    }
    // The views live in PostgreSQL too: one SLA row per complaint, none doubled.
    expect(await scalar(`SELECT count(*) AS n FROM "${schema}".view_sla_complaints`)).toBe(data.complaints);

    // The dead-letter table: every bad message with its reason and where it came from.
    const letters = (await pool.query(`SELECT origin, payload, reason, locator FROM "${schema}".dead_letters`)).rows as Array<{
      origin: string;
      payload: string;
      reason: string;
      locator: string;
    }>;
    const expectedReason = new Map(bad.map((m) => [m.value, m.reason]));
    const letterByPayload = new Map(letters.map((l) => [l.payload, l]));
    expect(new Set(letterByPayload.keys())).toEqual(new Set(expectedReason.keys()));
    for (const letter of letters) {
      expect(letter.origin).toBe('kafka');
      expect(letter.reason).toBe(expectedReason.get(letter.payload));
      expect(letter.locator).toMatch(new RegExp(`^${topics.ingest.replace(/\./g, '\\.')}/\\d+@\\d+$`));
    }
    // A crash between the dead-letter insert and the offset commit may repeat one per partition in flight.
    expect(letters.length - letterByPayload.size).toBeLessThanOrEqual(Number(env.TENFOLD_KAFKA_CONCURRENCY ?? 3));
    mark('storeChecked');

    // The DLQ topic: original key and value, the reason and the source position in headers.
    const dlq = await readTopic(kafka, topics.dlq);
    const dlqByValue = new Map(dlq.map((m) => [m.value ?? '', m]));
    expect(new Set(dlqByValue.keys())).toEqual(new Set(expectedReason.keys()));
    for (const message of dlq) {
      const original = bad.find((m) => m.value === message.value);
      expect(message.key).toBe(original?.key);
      expect(message.headers[DEAD_LETTER_HEADERS.reason]).toBe(original?.reason);
      expect(message.headers[DEAD_LETTER_HEADERS.message]).toEqual(expect.any(String));
      expect(JSON.parse(message.headers[DEAD_LETTER_HEADERS.issues])).toEqual(expect.any(Array));
      expect(message.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(topics.ingest);
      const locator = `${topics.ingest}/${message.headers[DEAD_LETTER_HEADERS.partition]}@${message.headers[DEAD_LETTER_HEADERS.offset]}`;
      expect(letterByPayload.get(message.value ?? '')?.locator).toBe(locator);
    }
    const schemaIssues = dlq.filter((m) => m.headers[DEAD_LETTER_HEADERS.reason] === 'invalid_data');
    expect(schemaIssues.length).toBeGreaterThan(0);
    expect(JSON.parse(schemaIssues[0].headers[DEAD_LETTER_HEADERS.issues])[0].path).toEqual(['data', 'severity']);
    mark('dlqChecked');

    // The outbound topic: every stored event at least once; per stream, in order and without gaps.
    const outbound = await readTopic(kafka, topics.events);
    const firstSeen = new Map<string, OutboundEvent>();
    const byStream = new Map<string, number[]>();
    const partitionOf = new Map<string, number>();
    for (const message of outbound) {
      const event = JSON.parse(message.value ?? '') as OutboundEvent;
      expect(message.key).toBe(event.streamId);
      expect(message.headers[OUTBOUND_HEADERS.eventId]).toBe(event.metadata.eventId);
      expect(message.headers[OUTBOUND_HEADERS.eventType]).toBe(event.type);
      expect(message.headers[OUTBOUND_HEADERS.globalPosition]).toBe(String(event.globalPosition));
      expect(partitionOf.get(event.streamId) ?? message.partition).toBe(message.partition);
      partitionOf.set(event.streamId, message.partition);
      if (firstSeen.has(event.metadata.eventId)) continue;
      firstSeen.set(event.metadata.eventId, event);
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.streamVersion]);
    }
    expect(firstSeen.size).toBe(data.validDistinct);
    const storedIds = (await pool.query(`SELECT event_id FROM ${events}`)).rows.map((r) => r.event_id as string);
    expect(new Set(firstSeen.keys())).toEqual(new Set(storedIds));
    expect(byStream.size).toBe(streams.length);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i));
    mark('outboundChecked');
    console.log(
      `ingest pipeline: ${data.messages.length} messages, ${stored.length} stored (${atKill} before the SIGKILL), ` +
        `${letters.length} dead-letter rows / ${dlq.length} DLQ messages for ${bad.length} bad, ` +
        `${outbound.length} outbound messages for ${firstSeen.size} events (${outbound.length - firstSeen.size} re-sent after the projector SIGKILL)`,
    );
  });
});
