import { ConfigError, loadConfig } from '../../../libs/config/config';
import { onShutdownSignal, processLogger } from '../../../libs/runtime/process-logger';
import { startIngestWorker } from './ingest-worker';

/** `npm run start:ingest`: one Kafka ingest worker (run more for more partitions in parallel). */
const main = async (): Promise<void> => {
  const config = loadConfig();
  const logger = processLogger('ingest', config.logLevel);
  const worker = await startIngestWorker(config, logger);
  onShutdownSignal(logger, () => worker.stop());
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
