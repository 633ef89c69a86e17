import { ConfigError, loadConfig } from '../../../libs/config/config';
import { openRuntime } from '../../../libs/runtime/runtime';

/** `npm run rebuild`: drop every view and rebuild it from the first event of the log. */
const main = async (): Promise<void> => {
  const config = loadConfig();
  const runtime = await openRuntime(config, {
    error: (message, context) => console.error(JSON.stringify({ level: 'error', message, ...context })),
    log: (message, context) => console.error(JSON.stringify({ level: 'log', message, ...context })),
  });
  const started = Date.now();
  const head = await runtime.store.headPosition();
  await runtime.projector.rebuild();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    JSON.stringify({
      rebuilt: runtime.projector.projections.map((p) => p.name),
      events: head,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(head / seconds) : null,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  await runtime.close();
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
