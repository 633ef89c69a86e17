import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

/** One line of a result table, in the shape the issue fixes for every scenario. */
export interface ResultRow {
  case: string;
  unit: string;
  tenfold: number | null;
  peer: string | null;
  peerValue: number | null;
  ratio: number | null;
  limitValue: number | null;
  ofLimit: number | null;
}

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  node: string;
  os: string;
  memory: string;
}

export interface ScenarioResult {
  scenario: string;
  machine: MachineFacts;
  rows: ResultRow[];
}

export const machineFacts = (): MachineFacts => ({
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  os: `${type()} ${release()} ${process.arch}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
});

/** Units where a smaller figure is better: ratios are inverted so that > 1 always means "Tenfold is better". */
const LOWER_IS_BETTER = new Set(['ms', 's', 'MB']);

const round = (value: number, unit: string): number => {
  if (unit.endsWith('/s')) return value >= 100 ? Math.round(value) : Number(value.toFixed(2));
  if (unit === 'ms') return Number(value.toFixed(2));
  return Number(value.toFixed(value >= 100 ? 0 : 2));
};

const rel = (a: number | null, b: number | null, unit: string): number | null => {
  if (a === null || b === null || a === 0 || b === 0) return null;
  return Number((LOWER_IS_BETTER.has(unit) ? b / a : a / b).toFixed(2));
};

/**
 * Build a row. `ratio` = Tenfold vs peer and `ofLimit` = Tenfold vs the bare-library limit, both
 * oriented so that a bigger number means Tenfold does better (for ms/s/MB rows they are limit ÷ Tenfold).
 */
export const row = (
  caseName: string,
  unit: string,
  tenfold: number | null,
  peer?: { name: string; value: number | null } | null,
  limit?: number | null,
): ResultRow => {
  const t = tenfold === null ? null : round(tenfold, unit);
  const p = peer?.value === null || peer?.value === undefined ? null : round(peer.value, unit);
  const l = limit === null || limit === undefined ? null : round(limit, unit);
  return {
    case: caseName,
    unit,
    tenfold: t,
    peer: peer ? peer.name : null,
    peerValue: p,
    ratio: rel(t, p, unit),
    limitValue: l,
    ofLimit: rel(t, l, unit),
  };
};

const fmt = (value: number | string | null): string => {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  return Math.abs(value) >= 1000 ? value.toLocaleString('en-US') : String(value);
};

/** Print a result as an aligned text table. */
export const printTable = (result: ScenarioResult): void => {
  const header = ['case', 'unit', 'tenfold', 'peer', 'peer value', 'ratio', 'limit', 'of limit'];
  const lines = result.rows.map((r) => [
    r.case,
    r.unit,
    fmt(r.tenfold),
    fmt(r.peer),
    fmt(r.peerValue),
    r.ratio === null ? '–' : `${r.ratio}×`,
    fmt(r.limitValue),
    r.ofLimit === null ? '–' : `${Math.round(r.ofLimit * 100)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) => cells.map((c, i) => (i < 2 || i === 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${result.scenario}`);
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(render(line));
};

export const writeResult = (dir: string, result: ScenarioResult): string => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.scenario}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
};

/** 1000000 → "1M", 20000 → "20k". */
export const countLabel = (n: number): string =>
  n >= 1e6 ? `${Number((n / 1e6).toFixed(2))}M` : n >= 1e3 ? `${Number((n / 1e3).toFixed(1))}k` : String(n);
