import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './lib/paths';

/**
 * `node dist/bench/profile-summary.js <file.cpuprofile | dir>… [--top N]`: the functions with the most
 * self time in V8 CPU profiles (from `node --cpu-prof`), merged by function and source line.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

const place = (url: string, line: number): string => {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  const shown = nm >= 0 ? path.slice(nm + 'node_modules/'.length) : path.startsWith('/') ? relative(ROOT, path) : path;
  return `${shown}:${line + 1}`;
};

/** Self time per function (ms) of one profile, largest first. */
export const selfTimes = (profile: CpuProfile): { total: number; rows: SelfTime[] } => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += delta;
    const fn = node.callFrame.functionName || '(anonymous)';
    const where = place(node.callFrame.url, node.callFrame.lineNumber);
    const key = `${fn}@${where}`;
    const entry = ms.get(key) ?? { fn, where, us: 0 };
    entry.us += delta;
    ms.set(key, entry);
  });
  const rows = [...ms.values()]
    .map((e) => ({ fn: e.fn, where: e.where, ms: e.us / 1000, share: total > 0 ? e.us / total : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { total: total / 1000, rows };
};

const files = (target: string): string[] =>
  statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(target, f))
    : [target];

/** Print the top self-time functions of every profile under the given paths. */
export const printProfiles = (targets: string[], top = 20): void => {
  for (const file of targets.flatMap(files)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const { total, rows } = selfTimes(profile);
    console.log(`\n${relative(ROOT, file)} — ${(total / 1000).toFixed(1)} s sampled`);
    for (const r of rows.slice(0, top)) {
      console.log(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.fn}  ${r.where}`);
    }
  }
};

if (require.main === module) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 20;
  const targets = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  if (targets.length === 0) {
    console.error('usage: node dist/bench/profile-summary.js <file.cpuprofile | dir>… [--top N]');
    process.exit(2);
  }
  printProfiles(targets, top);
}
