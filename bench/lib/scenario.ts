import type { ResultRow } from './report';

/** What every scenario is given: the size profile and a cache shared across scenarios of one run. */
export interface BenchContext {
  /** Tiny sizes and short time boxes (CI keeps the scenarios from rotting). */
  smoke: boolean;
  /** Also record `--cpu-prof` profiles of Tenfold's own processes (into bench/.tmp/profiles). */
  profile: boolean;
  log(message: string): void;
  /** Things worth building once per run, e.g. the seeded 1M-event database. */
  shared: Map<string, unknown>;
  /** `--events=N`: size of the seeded store of the rebuild and queries scenarios (default 1M, smoke 20k). */
  seededEvents?: number;
  /** `--envelopes=N`: envelopes of the kafka-ingest scenario (default 200000, smoke 5000). */
  kafkaEvents?: number;
  /** Run at exit of the whole bench (scratch files). */
  onExit(cleanup: () => void | Promise<void>): void;
}

export type ScenarioOutcome = { rows: ResultRow[] } | { skipped: string };

export interface Scenario {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}

/** Pick the full or the smoke figure. */
export const size = <T>(ctx: BenchContext, full: T, smoke: T): T => (ctx.smoke ? smoke : full);
