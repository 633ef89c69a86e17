import 'reflect-metadata';
import { loadConfig } from '../../libs/config/config';
import { createApp } from '../../apps/api/src/create-app';
import { onStopRequest, report } from '../lib/child';

/** The real Tenfold HTTP app (configured from the environment, like `npm start`) on a free port. */
const main = async () => {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', TENFOLD_LOG_LEVEL: process.env.TENFOLD_LOG_LEVEL ?? 'error' });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  onStopRequest(() => app.close());
  report({ port, pid: process.pid });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
