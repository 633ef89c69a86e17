/**
 * A deterministic stream of Kafka messages for the ingest tests: valid envelopes for complaints
 * and customers (some arriving before the stream they belong to exists, so they park), ~5%
 * re-sent duplicates and 1% bad messages (not JSON, schema errors, domain rejections).
 */

export interface DatasetMessage {
  key: string;
  value: string;
  kind: 'valid' | 'duplicate' | 'bad';
  /** For bad messages: the reason the ingest worker must give. */
  reason?: string;
}

export interface Dataset {
  messages: DatasetMessage[];
  validDistinct: number;
  complaints: number;
  customers: number;
  eventsPerComplaint: number;
  eventsPerCustomer: number;
  /** Complaints whose acknowledgement is sent before the complaint is raised (it parks). */
  parkedFirst: number;
}

/** mulberry32: small seeded PRNG so every run produces the same messages. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const buildDataset = (options: { runId: string; total?: number; seed?: number }): Dataset => {
  const total = options.total ?? 10_000;
  const random = prng(options.seed ?? 42);
  const pick = (n: number) => Math.floor(random() * n);
  const source = `kafka-test-${options.runId}`;
  const badCount = Math.round(total * 0.01);
  const duplicateCount = Math.round(total * 0.05);
  const validCount = total - badCount - duplicateCount;
  const eventsPerComplaint = 5;
  const eventsPerCustomer = 5;
  const complaints = Math.floor((validCount * 0.8) / eventsPerComplaint);
  const customers = (validCount - complaints * eventsPerComplaint) / eventsPerCustomer;
  if (!Number.isInteger(customers)) throw new Error(`pick a total that splits evenly (valid ${validCount})`);
  const parkedFirst = Math.min(100, complaints);

  let seq = 0;
  const envelope = (type: string, at: Date, data: Record<string, unknown>) =>
    JSON.stringify({ source, sourceEventId: `e-${++seq}`, type, occurredAt: at.toISOString(), actor: 'agent:test', data });
  const base = Date.parse('2026-03-02T08:00:00Z');
  const hours = (h: number) => h * 3_600_000;

  // One queue per entity, in the order its messages are produced (Kafka keeps it per key).
  const queues: DatasetMessage[][] = [];
  const complaintQueues: DatasetMessage[][] = [];
  for (let i = 0; i < complaints; i++) {
    const complaintId = `C-${options.runId}-${i}`;
    const t0 = base + hours(i % 500);
    const valid = (type: string, offsetHours: number, data: Record<string, unknown>): DatasetMessage => ({
      key: complaintId,
      value: envelope(type, new Date(t0 + hours(offsetHours)), { complaintId, ...data }),
      kind: 'valid',
    });
    const raise = valid('complaint.raised', 0, {
      customerId: `K-${options.runId}-${i % Math.max(1, customers)}`,
      channel: ['email', 'phone', 'desk'][i % 3],
      category: ['billing', 'delivery', 'quality'][i % 3],
      severity: ['low', 'normal', 'high', 'critical'][i % 4],
      summary: `complaint ${i}`,
    });
    const ack = valid('complaint.acknowledged', 1, { by: 'agent:ana' });
    const queue = [
      ...(i < parkedFirst ? [ack, raise] : [raise, ack]),
      valid('complaint.assigned', 2, { assignee: 'agent:bo', team: ['care', 'billing'][i % 2] }),
      valid('complaint.escalated', 3, { level: 1, reason: 'customer called again', by: 'customer' }),
      valid('complaint.resolved', 4 + (i % 3) * 24, { resolution: 'refund issued' }),
    ];
    queues.push(queue);
    complaintQueues.push(queue);
  }
  for (let i = 0; i < customers; i++) {
    const customerId = `K-${options.runId}-${i}`;
    const valid = (type: string, offsetHours: number, data: Record<string, unknown>): DatasetMessage => ({
      key: customerId,
      value: envelope(type, new Date(base + hours(offsetHours)), { customerId, ...data }),
      kind: 'valid',
    });
    queues.push([
      valid('customer.registered', 0, { name: `Customer ${i}`, keyAccount: i % 10 === 0 }),
      ...[1, 2, 3, 4].map((n) => valid('customer.purchased', n * 24, { amount: 10 * n + (i % 7), currency: 'EUR' })),
    ]);
  }

  // Duplicates: a re-send of an earlier message of the same entity, later in its queue.
  for (let d = 0; d < duplicateCount; d++) {
    const queue = queues[pick(queues.length)];
    const originals = queue.filter((m) => m.kind === 'valid');
    const original = originals[pick(originals.length)];
    const at = queue.indexOf(original) + 1 + pick(queue.length - queue.indexOf(original));
    queue.splice(at, 0, { key: original.key, value: original.value, kind: 'duplicate' });
  }

  // Bad messages: a third not JSON, a third schema errors, a third refused by a domain rule.
  const notJson = Math.ceil(badCount / 3);
  const schema = Math.ceil((badCount - notJson) / 2);
  const domain = badCount - notJson - schema;
  for (let b = 0; b < notJson; b++) {
    const queue = queues[pick(queues.length)];
    queue.splice(pick(queue.length + 1), 0, { key: queue[0].key, value: `{"not json" #${b} ${source}`, kind: 'bad', reason: 'invalid_json' });
  }
  for (let b = 0; b < schema; b++) {
    const queue = queues[pick(queues.length)];
    const key = queue[0].key;
    const variants: Array<[string, string]> = [
      [envelope('complaint.raised', new Date(base), { complaintId: `X-${b}`, customerId: 'K', channel: 'email', category: 'x', severity: 'urgent' }), 'invalid_data'],
      [JSON.stringify({ source, sourceEventId: `bad-${b}`, type: 'complaint.raised', occurredAt: 'yesterday', data: {} }), 'invalid_envelope'],
      [envelope('complaint.exploded', new Date(base), { complaintId: key }), 'unknown_type'],
    ];
    const [value, reason] = variants[b % variants.length];
    queue.splice(pick(queue.length + 1), 0, { key, value, kind: 'bad', reason });
  }
  // Domain rejections, right after the raise (before the resolution) of distinct complaints.
  for (let b = 0; b < domain; b++) {
    const queue = complaintQueues[parkedFirst + b];
    const raiseAt = queue.findIndex((m) => m.kind === 'valid' && m.value.includes('"complaint.raised"'));
    const complaintId = queue[raiseAt].key;
    const value =
      b % 2 === 0
        ? envelope('complaint.raised', new Date(base), { complaintId, customerId: 'K', channel: 'email', category: 'again' })
        : envelope('complaint.reopened', new Date(base + hours(1)), { complaintId, reason: 'not resolved yet' });
    queue.splice(raiseAt + 1, 0, {
      key: complaintId,
      value,
      kind: 'bad',
      reason: b % 2 === 0 ? 'complaint_already_raised' : 'complaint_not_resolved',
    });
  }

  // Interleave the entities at random, keeping each entity's own order.
  const messages: DatasetMessage[] = [];
  const live = queues.map((q) => [...q]);
  while (live.length > 0) {
    const i = pick(live.length);
    messages.push(live[i].shift() as DatasetMessage);
    if (live[i].length === 0) live.splice(i, 1);
  }
  return { messages, validDistinct: validCount, complaints, customers, eventsPerComplaint, eventsPerCustomer, parkedFirst };
};
