import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this compiled file that holds bench/package.json. */
const findRoot = (from: string): string => {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'bench', 'package.json'))) return dir;
  }
  return process.cwd();
};
export const ROOT = findRoot(__dirname);
export const BENCH_DIR = join(ROOT, 'bench');
/** Compiled bench scripts (children are started from here). */
export const BENCH_DIST = resolve(__dirname, '..');
/** The compiled project this bench belongs to (normally dist/): its apps are started from here. */
export const DIST = resolve(BENCH_DIST, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const SMOKE_RESULTS_DIR = join(BENCH_DIR, '.tmp', 'results-smoke');
export const PROFILE_RESULTS_DIR = join(BENCH_DIR, '.tmp', 'results-profile');
export const PROFILES_DIR = join(BENCH_DIR, '.tmp', 'profiles');

/** A scratch directory for one scenario's databases, removed by the returned function. */
export const scratchDir = (name: string): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), `tenfold-bench-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};
