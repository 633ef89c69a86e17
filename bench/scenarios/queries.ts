import { runLoad, startServer } from '../lib/app';
import { countLabel, row, type ResultRow } from '../lib/report';
import { size, type BenchContext, type Scenario } from '../lib/scenario';
import { rebuildViews, seededStore } from '../lib/seed';

const QUERIES = [
  // The same URL again and again: answered from the summary cache while nothing changes.
  { label: 'GET /views/sla/summary', path: '/views/sla/summary' },
  // Every complaint, but a filter never seen before: what the first read after an ingest costs.
  { label: 'GET /views/sla/summary, uncached', path: '/views/sla/summary?from=2000-01-01T00:00:00.000Z&to={instant}' },
  { label: 'GET /complaints/:id', path: '/complaints/{complaint}' },
];

export const queries: Scenario = {
  name: 'queries',
  title: 'View queries on the seeded store (views built): one connection, autocannon in a second process',
  async run(ctx: BenchContext) {
    const store = seededStore(ctx, ctx.seededEvents ?? size(ctx, 1_000_000, 20_000));
    if (!store.viewsBuilt) {
      const built = await rebuildViews(store);
      ctx.log(`views built in ${built.seconds.toFixed(1)} s (setup)`);
    }
    const server = await startServer(store.file, { profileAs: ctx.profile ? 'queries' : undefined });
    const rows: ResultRow[] = [];
    try {
      for (const query of QUERIES) {
        const base = { url: server.url, kind: 'get' as const, connections: 1, path: query.path, complaints: store.complaints };
        await runLoad({ ...base, seconds: size(ctx, 2, 0.5) });
        const load = await runLoad({ ...base, seconds: size(ctx, 10, 1.5) });
        ctx.log(`${query.label}: ${load.requests} requests in ${load.seconds} s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms${load.non2xx ? `, ${load.non2xx} non-2xx` : ''}`);
        const label = `${query.label} (${countLabel(store.events)} events)`;
        rows.push(row(`${label}: throughput`, 'req/s', load.requests / load.seconds));
        rows.push(row(`${label}: p50`, 'ms', load.latency.p50));
        rows.push(row(`${label}: p99`, 'ms', load.latency.p99));
      }
    } finally {
      await server.stop();
    }
    return { rows };
  },
};
