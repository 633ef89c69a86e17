import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BENCH_DIR } from './paths';

/**
 * Peers and load tools live in bench/'s own package (bench/package.json), loaded at run time with
 * require so that the root typecheck, lint and `npm ci` never need them. Only the few calls the
 * bench makes are typed here.
 */

/** Install bench/'s dependencies when bench/node_modules is missing (sqlite3 compiles for a few minutes). */
export const ensureBenchDependencies = (): void => {
  if (existsSync(join(BENCH_DIR, 'node_modules', '.package-lock.json'))) return;
  console.log('bench: installing peers and load tools into bench/node_modules (first run only; sqlite3 may compile from source)…');
  const started = Date.now();
  // Offline-safe: sqlite3 compiles against this Node's own headers instead of fetching a prebuilt
  // binary from GitHub or headers from nodejs.org, so only the npm registry is needed.
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_build_from_source: 'true' };
  const prefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  const result = spawnSync('npm', ['--prefix', BENCH_DIR, 'install', '--no-audit', '--no-fund'], { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`npm --prefix bench install failed (exit ${result.status ?? result.signal})`);
  console.log(`bench: dependencies installed in ${Math.round((Date.now() - started) / 1000)} s`);
};

const benchRequire = createRequire(join(BENCH_DIR, 'package.json'));

interface EmmettEvent {
  type: string;
  data: unknown;
  metadata?: unknown;
}
interface EmmettAppendOptions {
  expectedStreamVersion?: unknown;
}
export interface EmmettEventStore {
  appendToStream(streamName: string, events: EmmettEvent[], options?: EmmettAppendOptions): Promise<{ nextExpectedStreamVersion: bigint }>;
  close?(): Promise<void>;
}

export interface SqliteConnection {
  command(sql: string, params?: unknown[]): Promise<unknown>;
  querySingle<T>(sql: string, params?: unknown[]): Promise<T | null>;
  close(): void;
}

interface EmmettSqliteModule {
  sqliteConnection(options: { fileName: string }): SqliteConnection;
  getSQLiteEventStore(options: {
    fileName: string;
    connectionOptions?: { connection: SqliteConnection; singleton: true };
  }): EmmettEventStore;
}

interface EmmettPostgresModule {
  getPostgreSQLEventStore(connectionString: string): EmmettEventStore & { close(): Promise<void> };
}

interface EmmettCoreModule {
  STREAM_DOES_NOT_EXIST: unknown;
}

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
export interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
export interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}
export type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    overallRate?: number;
    pipelining: number;
    timeout: number;
    requests: AutocannonRequest[];
    /** Called once per connection. */
    setupClient?: (client: AutocannonClient) => void;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

/** A running autocannon: it reports every response with its time in ms (fractional). */
export interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
}

export const autocannon = (): Autocannon => benchRequire('autocannon') as Autocannon;

export const emmettSqlite = (): EmmettSqliteModule => benchRequire('@event-driven-io/emmett-sqlite') as EmmettSqliteModule;
export const emmettPostgres = (): EmmettPostgresModule => benchRequire('@event-driven-io/emmett-postgresql') as EmmettPostgresModule;
export const emmettCore = (): EmmettCoreModule => benchRequire('@event-driven-io/emmett') as EmmettCoreModule;

/** The package version a peer row was measured with, e.g. `emmett-sqlite 0.42.4`. */
export const peerName = (pkg: string): string => {
  const json = JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
  return `${pkg.replace('@event-driven-io/', '')} ${json.version}`;
};
