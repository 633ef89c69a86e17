import { runChild } from '../lib/child';
import { countLabel, row } from '../lib/report';
import { size, type BenchContext, type Scenario } from '../lib/scenario';
import { rebuildViews, sealChain, seededStore, type RebuildReport } from '../lib/seed';

export const rebuild: Scenario = {
  name: 'rebuild',
  title: 'Projection rebuild: every view from zero over the stored log vs a bare iterate + JSON.parse of it',
  async run(ctx: BenchContext) {
    const store = seededStore(ctx, ctx.seededEvents ?? size(ctx, 1_000_000, 20_000));
    const limit = await runChild<RebuildReport>('rebuild', { file: store.file, mode: 'limit' });
    ctx.log(`limit: ${limit.events} rows read and parsed in ${limit.seconds.toFixed(2)} s, peak RSS ${Math.round(limit.maxRssMb)} MB`);
    const sealed = await sealChain(store);
    if (sealed.seconds > 0) ctx.log(`setup: audit chain sealed over ${sealed.events.toLocaleString('en-US')} events in ${sealed.seconds.toFixed(1)} s (not measured)`);
    // What `npm run rebuild` does by default (a thread per core), then the one-thread rebuild (least memory).
    const tenfold = await rebuildViews(store, { profileAs: ctx.profile ? 'rebuild' : undefined });
    ctx.log(`tenfold: ${tenfold.events} events, every view rebuilt in ${tenfold.seconds.toFixed(2)} s on ${tenfold.threads} threads, peak RSS ${Math.round(tenfold.maxRssMb)} MB`);
    const single = await rebuildViews(store, { threads: 1 });
    ctx.log(`tenfold, one thread: every view rebuilt in ${single.seconds.toFixed(2)} s, peak RSS ${Math.round(single.maxRssMb)} MB`);
    const label = `${countLabel(store.events)} events`;
    const threads = `${tenfold.threads} threads`;
    return {
      rows: [
        row(`rebuild all views, ${label}, ${threads}`, 'events/s', tenfold.events / tenfold.seconds, null, limit.events / limit.seconds),
        row(`wall time, ${label}, ${threads}`, 's', tenfold.seconds, null, limit.seconds),
        row(`peak RSS, ${label}, ${threads}`, 'MB', tenfold.maxRssMb, null, limit.maxRssMb),
        row(`rebuild all views, ${label}, 1 thread`, 'events/s', single.events / single.seconds, null, limit.events / limit.seconds),
        row(`wall time, ${label}, 1 thread`, 's', single.seconds, null, limit.seconds),
        row(`peak RSS, ${label}, 1 thread`, 'MB', single.maxRssMb, null, limit.maxRssMb),
      ],
    };
  },
};
