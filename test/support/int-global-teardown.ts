import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Stop the Kafka broker if the global set-up started it. */
export default function globalTeardown(): void {
  if (process.env.TENFOLD_TEST_STOP_KAFKA !== '1') return;
  const root = join(__dirname, '..', '..');
  spawnSync(join(root, 'infra/kafka/stop.sh'), { cwd: root, stdio: 'inherit' });
}
