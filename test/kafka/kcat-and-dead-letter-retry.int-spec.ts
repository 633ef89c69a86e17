import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../libs/config/config';
import { processLogger } from '../../libs/runtime/process-logger';
import { startIngestWorker, type IngestWorker } from '../../apps/ingest/src/ingest-worker';
import { DEAD_LETTER_HEADERS } from '../../libs/integrations/kafka/dead-letter-producer';
import { startApp, type RunningApp } from '../support/app-harness';
import { brokers, deleteTopics, dropSchema, readTopic, roleEnv, runId, testKafka, testPool, waitUntil } from './support/kafka-test-env';

/** Produce with Debian's kcat, keyed like Java clients (murmur2) so a key maps to the same partition. */
const kcat = (topic: string, lines: Array<[key: string, value: string]>): void => {
  execFileSync('kcat', ['-b', brokers().join(','), '-P', '-t', topic, '-K', '\t', '-X', 'partitioner=murmur2_random'], {
    input: lines.map(([key, value]) => `${key}\t${value}`).join('\n') + '\n',
    timeout: 30_000,
  });
};

const envelope = (sourceEventId: string, type: string, occurredAt: string, data: Record<string, unknown>) =>
  JSON.stringify({ source: 'kcat', sourceEventId, type, occurredAt, data });

describe('Kafka: messages from kcat, Kafka dead letters listed and retried over HTTP (PostgreSQL)', () => {
  const id = runId();
  const schema = `it_kcat_${id}`;
  const env = roleEnv(id, schema, { TENFOLD_PROJECTOR: 'off', TENFOLD_LOG_LEVEL: 'error' });
  const complaintId = `C-kcat-${id}`;
  const kafka = testKafka();
  const pool = testPool();
  let worker: IngestWorker;
  let api: RunningApp;

  beforeAll(async () => {
    const config = loadConfig(env);
    worker = await startIngestWorker(config, processLogger('ingest', 'error'));
    api = await startApp(env);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await dropSchema(pool, schema);
    await pool.end();
    await deleteTopics(kafka, `test-${id}.`);
  });

  const stored = (key: string) => worker.runtime.store.findByIdempotencyKey(key);
  const openLetters = async () => (await api.request('GET', '/dead-letters?status=open')).body as { total: number; items: any[] };

  it('ingests a message produced by kcat, and dead-letters the bad ones to the table and the DLQ topic', async () => {
    const raise = envelope('k-1', 'complaint.raised', '2026-03-01T09:00:00Z', {
      complaintId,
      customerId: 'K-kcat',
      channel: 'chat',
      category: 'delivery',
      summary: 'parcel lost',
    });
    const reopen = envelope('k-2', 'complaint.reopened', '2026-03-01T10:00:00Z', { complaintId, reason: 'still lost' });
    kcat(env.TENFOLD_KAFKA_INGEST_TOPIC, [
      [complaintId, raise],
      [complaintId, reopen],
      [complaintId, 'this is not json'],
    ]);

    const event = await waitUntil('the kcat envelope stored', () => stored('kcat:k-1'), (e) => e !== null, 30_000);
    expect(event).toMatchObject({ streamId: `complaint-${complaintId}`, type: 'ComplaintRaised', streamVersion: 0 });
    expect(event?.metadata).toMatchObject({ source: 'kcat', sourceEventId: 'k-1', occurredAt: '2026-03-01T09:00:00.000Z' });

    const letters = await waitUntil('two dead letters', openLetters, (page) => page.total === 2, 30_000);
    const byReason = Object.fromEntries(letters.items.map((l) => [l.reason, l]));
    expect(byReason.complaint_not_resolved).toMatchObject({ origin: 'kafka', payload: reopen, idempotencyKey: 'kcat:k-2', status: 'open' });
    expect(byReason.invalid_json).toMatchObject({ origin: 'kafka', payload: 'this is not json', idempotencyKey: null });
    for (const letter of letters.items) expect(letter.locator).toMatch(new RegExp(`^${env.TENFOLD_KAFKA_INGEST_TOPIC}/\\d+@[12]$`));

    const dlq = await readTopic(kafka, env.TENFOLD_KAFKA_DLQ_TOPIC);
    expect(dlq.map((m) => [m.key, m.value, m.headers[DEAD_LETTER_HEADERS.reason]]).sort()).toEqual(
      [
        [complaintId, reopen, 'complaint_not_resolved'],
        [complaintId, 'this is not json', 'invalid_json'],
      ].sort(),
    );
  });

  it('retries a Kafka dead letter from its raw message value once the complaint allows it', async () => {
    const { items } = await openLetters();
    const reopenLetter = items.find((l) => l.reason === 'complaint_not_resolved');

    const tooEarly = await api.request('POST', `/dead-letters/${reopenLetter.id}/retry`);
    expect(tooEarly.status).toBe(201);
    expect(tooEarly.body.outcome).toMatchObject({ status: 'rejected', reason: 'complaint_not_resolved' });
    expect(tooEarly.body.deadLetter).toMatchObject({ status: 'open', attempts: 1 });

    kcat(env.TENFOLD_KAFKA_INGEST_TOPIC, [
      [complaintId, envelope('k-3', 'complaint.resolved', '2026-03-01T09:30:00Z', { complaintId, resolution: 'resent' })],
    ]);
    await waitUntil('the resolution stored', () => stored('kcat:k-3'), (e) => e !== null, 30_000);

    const retried = await api.request('POST', `/dead-letters/${reopenLetter.id}/retry`);
    expect(retried.body.outcome).toMatchObject({ status: 'accepted', streamId: `complaint-${complaintId}` });
    expect(retried.body.deadLetter).toMatchObject({ status: 'resolved', attempts: 2, lastOutcome: 'accepted' });
    const stream = await worker.runtime.store.readStream(`complaint-${complaintId}`);
    expect(stream.map((e) => e.type)).toEqual(['ComplaintRaised', 'ComplaintResolved', 'ComplaintReopened']);
    expect(stream[2].metadata).toMatchObject({ source: 'kcat', sourceEventId: 'k-2' });
  });

  it('retries a Kafka dead letter that was not JSON with a corrected envelope', async () => {
    const { items } = await openLetters();
    const garbled = items.find((l) => l.reason === 'invalid_json');

    const asStored = await api.request('POST', `/dead-letters/${garbled.id}/retry`);
    expect(asStored.body.outcome).toMatchObject({ status: 'rejected', reason: 'invalid_json' });

    const corrected = JSON.parse(
      envelope('k-4', 'complaint.escalated', '2026-03-01T11:00:00Z', { complaintId, level: 2, reason: 'lost twice', by: 'customer' }),
    );
    const fixed = await api.request('POST', `/dead-letters/${garbled.id}/retry`, corrected);
    expect(fixed.body.outcome).toMatchObject({ status: 'accepted' });
    expect(fixed.body.deadLetter).toMatchObject({ status: 'resolved', attempts: 2 });
    expect(JSON.parse(fixed.body.deadLetter.payload)).toEqual(corrected);
    expect((await stored('kcat:k-4'))?.type).toBe('ComplaintEscalated');
    expect((await openLetters()).total).toBe(0);
  });
});
