import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * Integration suite set-up: a real Kafka broker (started with infra/kafka/start.sh unless
 * KAFKA_BROKERS is already set) and a fresh build in dist/ for the tests that run the roles as
 * child processes. PostgreSQL is expected at DATABASE_URL (default 127.0.0.1:5432/test).
 */
export default function globalSetup(): void {
  if (!process.env.KAFKA_BROKERS) {
    const started = spawnSync(join(root, 'infra/kafka/start.sh'), { cwd: root, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`infra/kafka/start.sh failed:\n${started.stderr}`);
    const line = started.stdout.trim().split('\n').pop() ?? '';
    if (!line.startsWith('KAFKA_BROKERS=')) throw new Error(`infra/kafka/start.sh printed no KAFKA_BROKERS line:\n${started.stdout}`);
    process.env.KAFKA_BROKERS = line.slice('KAFKA_BROKERS='.length);
    // Stop it afterwards only if this run started it (start.sh reuses a running broker).
    if (started.stderr.includes('starting Kafka')) process.env.TENFOLD_TEST_STOP_KAFKA = '1';
  }
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
