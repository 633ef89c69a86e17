import { join } from 'node:path';
import { runLoad, startServer, storeCounts } from '../lib/app';
import { scratchDir } from '../lib/paths';
import { row, type ResultRow } from '../lib/report';
import { toBatches } from '../lib/rows';
import { size, type BenchContext, type Scenario } from '../lib/scenario';
import type { LoadPayload, LoadReport } from '../children/load';
import { appendEvents, bareSqlite, measureAppender } from './append-sqlite';

interface IngestCase {
  label: string;
  batch: number;
  connections: number;
  rate?: number;
  pacing?: 'bursts' | 'even';
}

interface IngestOutcome {
  load: LoadReport;
  eventsPerSecond: number;
}

/** One load run against a fresh app and database: warm up on other ids, then measure what gets stored. */
const runCase = async (ctx: BenchContext, c: IngestCase, dir: string): Promise<IngestOutcome> => {
  const file = join(dir, `${c.label.replace(/\W+/g, '-')}.db`);
  const seconds = size(ctx, 10, 1.5);
  const server = await startServer(file, { profileAs: ctx.profile ? `http-ingest-${c.batch === 1 ? (c.rate ? 'rate' : 'single') : 'batch'}` : undefined });
  try {
    const base: LoadPayload = { url: server.url, kind: 'ingest', connections: c.connections, seconds, batch: c.batch, ...(c.rate ? { rate: c.rate } : {}), ...(c.pacing ? { pacing: c.pacing } : {}) };
    const perSecondGuess = c.rate ?? (c.batch === 1 ? 6_000 : 40_000);
    await runLoad({ ...base, seconds: size(ctx, 2, 0.5), events: perSecondGuess * size(ctx, 2, 0.5) * 2, namespace: 'warm', seed: 99 });
    const before = storeCounts(file);
    const load = await runLoad({ ...base, events: Math.ceil(perSecondGuess * seconds * 2) });
    const after = storeCounts(file);
    const stored = after.events - before.events;
    ctx.log(
      `${c.label}: ${load.requests} requests in ${load.seconds} s, ${stored} events stored, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms${load.autocannonP99 === undefined ? '' : ` (autocannon: ${load.autocannonP99})`}` +
        `${load.sendLagP99 === undefined ? '' : ` (client send lag p99 ${load.sendLagP99} ms)`}` +
        `${load.non2xx ? `, ${load.non2xx} non-2xx` : ''}${load.errors ? `, ${load.errors} errors` : ''}${after.parked ? `, ${after.parked} parked` : ''}` +
        `${after.deadLetters ? `, ${after.deadLetters} dead letters` : ''}`,
    );
    if (load.exhausted) ctx.log(`warning: ${c.label} ran out of prepared bodies; its rate is undercounted`);
    return { load, eventsPerSecond: stored / load.seconds };
  } finally {
    await server.stop();
  }
};

export const httpIngest: Scenario = {
  name: 'http-ingest',
  title: 'HTTP ingest: POST /ingest (real app, SQLite WAL synchronous=FULL) under autocannon in a second process',
  async run(ctx: BenchContext) {
    const scratch = scratchDir('http-ingest');
    try {
      const single = await runCase(ctx, { label: 'single events', batch: 1, connections: 10 }, scratch.dir);
      const batch = await runCase(ctx, { label: 'batches of 100', batch: 100, connections: 4 }, scratch.dir);
      const paced = await runCase(ctx, { label: 'single events at 1,000 req/s', batch: 1, connections: 10, rate: 1000 }, scratch.dir);
      const even = await runCase(
        ctx,
        { label: 'single events paced evenly at 1,000 req/s', batch: 1, connections: 10, rate: 1000, pacing: 'even' },
        scratch.dir,
      );
      const half = await runCase(
        ctx,
        { label: 'single events paced evenly at 500 req/s', batch: 1, connections: 10, rate: 500, pacing: 'even' },
        scratch.dir,
      );
      // The embedded append limit: bare better-sqlite3 inserts of the same events, same durability and batch sizes.
      const events = appendEvents(size(ctx, 60_000, 3_000));
      const limitSeconds = size(ctx, 2, 0.25);
      const limit1 = await measureAppender(bareSqlite, toBatches(events, 1, 'limit'), scratch.dir, 'limit-1', limitSeconds);
      const limit100 = await measureAppender(bareSqlite, toBatches(events, 100, 'limit'), scratch.dir, 'limit-100', limitSeconds);
      const rows: ResultRow[] = [
        row('single events', 'events/s', single.eventsPerSecond, null, limit1.perSecond),
        row('single events: p50', 'ms', single.load.latency.p50),
        row('single events: p99', 'ms', single.load.latency.p99),
        row('batches of 100', 'events/s', batch.eventsPerSecond, null, limit100.perSecond),
        row('batches of 100: p50', 'ms', batch.load.latency.p50),
        row('batches of 100: p99', 'ms', batch.load.latency.p99),
        row('single events at 1,000 req/s: achieved', 'req/s', paced.load.requests / paced.load.seconds),
        row('single events at 1,000 req/s: p50', 'ms', paced.load.latency.p50),
        row('single events at 1,000 req/s: p99', 'ms', paced.load.latency.p99),
        // Late responses delay a paced sender's next request; autocannon adds the requests it should have sent.
        row('single events at 1,000 req/s: p99 corrected for coordinated omission', 'ms', paced.load.autocannonP99 ?? null),
        // The goal's row: requests 1 ms apart (autocannon's rate above sends each second's quota in bursts).
        row('single events paced evenly at 1,000 req/s: achieved', 'req/s', even.load.requests / even.load.seconds),
        row('single events paced evenly at 1,000 req/s: p50', 'ms', even.load.latency.p50),
        row('single events paced evenly at 1,000 req/s: p99', 'ms', even.load.latency.p99),
        row('single events paced evenly at 500 req/s: p50', 'ms', half.load.latency.p50),
        row('single events paced evenly at 500 req/s: p99', 'ms', half.load.latency.p99),
      ];
      return { rows };
    } finally {
      scratch.remove();
    }
  },
};
