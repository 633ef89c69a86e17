import { ConfigError, loadConfig } from '../../../libs/config/config';
import { onShutdownSignal, processLogger } from '../../../libs/runtime/process-logger';
import { startProjectorWorker } from './projector-worker';

/** `npm run start:projector`: the projections and, with KAFKA_BROKERS set, the outbound publisher. */
const main = async (): Promise<void> => {
  const config = loadConfig();
  const logger = processLogger('projector', config.logLevel);
  const worker = await startProjectorWorker(config, logger);
  onShutdownSignal(logger, () => worker.stop());
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
