import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '../../../libs/config/config';
import { createApp } from './create-app';

const main = async (): Promise<void> => {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const where = config.store === 'sqlite' ? config.sqliteFile : `${config.databaseUrl} (schema ${config.pgSchema})`;
  new Logger('Tenfold').log(`API on http://localhost:${config.port} — ${config.store} store at ${where}`);
};

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
