import { payloadOf, report } from '../lib/child';
import { autocannon as loadAutocannon, type AutocannonClient, type AutocannonRequest, type AutocannonResult } from '../lib/peers';
import { Rng, workload } from '../lib/workload';

/**
 * The load generator: autocannon in a process of its own, so it never shares an event loop with
 * the app under test. Ingest bodies come from the deterministic workload, split by stream over the
 * connections so each stream's events stay in order (as a desk sending its own tickets would).
 */
export interface LoadPayload {
  url: string;
  kind: 'ingest' | 'get';
  connections: number;
  seconds: number;
  /** Fixed request rate over all connections (req/s); unlimited when absent. */
  rate?: number;
  /** ingest: envelopes per request (1 = a single JSON object). */
  batch?: number;
  /** ingest: events to prepare (at least what the run can send). */
  events?: number;
  seed?: number;
  /** ingest: id namespace of the workload (a warm-up uses its own). */
  namespace?: string;
  /** get: paths to request; `{complaint}` is replaced by a random complaint id. */
  path?: string;
  complaints?: number;
}

export interface LoadReport {
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** A connection ran out of prepared bodies (the result undercounts). */
  exhausted: boolean;
}

const hash = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** Per connection, the request bodies it sends, in order. */
const ingestBodies = (payload: LoadPayload): string[][] => {
  const batch = payload.batch ?? 1;
  const lanes: unknown[][] = Array.from({ length: payload.connections }, () => []);
  for (const fact of workload({ events: payload.events ?? 10_000, seed: payload.seed, namespace: payload.namespace })) {
    lanes[hash(fact.streamId) % payload.connections].push(fact.envelope);
  }
  return lanes.map((lane) => {
    if (batch === 1) return lane.map((e) => JSON.stringify(e));
    const bodies: string[] = [];
    for (let i = 0; i + batch <= lane.length; i += batch) bodies.push(JSON.stringify(lane.slice(i, i + batch)));
    return bodies;
  });
};

const main = async () => {
  const payload = payloadOf<LoadPayload>();
  const autocannon = loadAutocannon();
  let exhausted = false;
  let request: AutocannonRequest;
  let setupClient: ((client: AutocannonClient) => void) | undefined;
  if (payload.kind === 'ingest') {
    const lanes = ingestBodies(payload);
    let lanesTaken = 0;
    request = { method: 'POST', path: '/ingest', headers: { 'content-type': 'application/json' } };
    // Each connection sends its own lane in order (autocannon resets per-request context, so a closure per client holds the place).
    setupClient = (client) => {
      const lane = lanes[lanesTaken++ % lanes.length];
      let next = 0;
      client.setRequests([
        {
          ...request,
          setupRequest: (req) => {
            if (next >= lane.length) exhausted = true;
            return { ...req, body: lane[next++ % lane.length] };
          },
        },
      ]);
    };
  } else {
    const rng = new Rng(payload.seed ?? 7);
    const path = payload.path ?? '/health';
    request = {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: path.replace('{complaint}', `C-${1 + rng.int(payload.complaints ?? 1)}`) }),
    };
  }
  const result = await new Promise<AutocannonResult>((resolve, reject) =>
    autocannon(
      {
        url: payload.url,
        connections: payload.connections,
        duration: payload.seconds,
        pipelining: 1,
        timeout: 30,
        requests: [request],
        ...(setupClient ? { setupClient } : {}),
        ...(payload.rate ? { overallRate: payload.rate } : {}),
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    ),
  );
  const out: LoadReport = {
    requests: result.requests.total,
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, mean: result.latency.average, max: result.latency.max },
    exhausted,
  };
  report(out);
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
