import { payloadOf, report } from '../lib/child';
import { autocannon as loadAutocannon, type AutocannonClient, type AutocannonRequest, type AutocannonResult } from '../lib/peers';
import { Rng } from '../lib/random';
import { workload } from '../lib/workload';
import { runPaced } from '../lib/paced-client';

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
  /**
   * With a rate: `bursts` is autocannon's `overallRate` (each connection sends its share of a second
   * back to back, then waits for the next second); `even` spaces requests 1/rate apart (ingest only,
   * see `runPaced`). Default `bursts`.
   */
  pacing?: 'bursts' | 'even';
  /** ingest: envelopes per request (1 = a single JSON object). */
  batch?: number;
  /** ingest: events to prepare (at least what the run can send). */
  events?: number;
  seed?: number;
  /** ingest: id namespace of the workload (a warm-up uses its own). */
  namespace?: string;
  /** get: path to request; `{complaint}` becomes a random complaint id, `{instant}` a random instant in 2030–2034. */
  path?: string;
  complaints?: number;
}

export interface LoadReport {
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Percentiles of the 2xx response times (ms, 0.01 ms resolution, from autocannon's per-response timings). */
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** autocannon's own p99 (whole ms; with a fixed rate, corrected for coordinated omission); absent when paced evenly. */
  autocannonP99?: number;
  /** Evenly paced: the p99 of how late this process's timer sent requests (its own lag, not counted as latency), ms. */
  sendLagP99?: number;
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

const percentiles = (values: number[]): { at: (q: number) => number; mean: number } => {
  values.sort((a, b) => a - b);
  const at = (q: number): number =>
    values.length === 0 ? 0 : Number(values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)].toFixed(2));
  const mean = values.length === 0 ? 0 : values.reduce((sum, t) => sum + t, 0) / values.length;
  return { at, mean: Number(mean.toFixed(2)) };
};

const latencyOf = (times: number[]): LoadReport['latency'] => {
  const { at, mean } = percentiles(times);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean, max: at(1) };
};

/** Ingest at a fixed rate, evenly spaced (open loop), with this process's own http client. */
const evenlyPaced = async (payload: LoadPayload): Promise<LoadReport> => {
  const paced = await runPaced({ url: payload.url, path: '/ingest', lanes: ingestBodies(payload), rate: payload.rate!, seconds: payload.seconds });
  return {
    requests: paced.requests,
    seconds: Number(paced.seconds.toFixed(2)),
    non2xx: paced.non2xx,
    errors: paced.errors,
    timeouts: 0,
    latency: latencyOf(paced.latency),
    sendLagP99: percentiles(paced.sendLag).at(0.99),
    exhausted: paced.exhausted,
  };
};

const main = async () => {
  const payload = payloadOf<LoadPayload>();
  if (payload.kind === 'ingest' && payload.rate && payload.pacing === 'even') return report(await evenlyPaced(payload));
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
      setupRequest: (req) => ({
        ...req,
        path: path
          .replace('{complaint}', `C-${1 + rng.int(payload.complaints ?? 1)}`)
          .replace('{instant}', new Date(Date.UTC(2030, 0, 1) + rng.int(5 * 365 * 86_400) * 1000).toISOString()),
      }),
    };
  }
  const times: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
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
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 300) times.push(responseTime);
    });
  });
  const out: LoadReport = {
    requests: result.requests.total,
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: latencyOf(times),
    autocannonP99: result.latency.p99,
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
