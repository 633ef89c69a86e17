import { appendPostgres } from './scenarios/append-postgres';
import { appendSqlite } from './scenarios/append-sqlite';
import { httpIngest } from './scenarios/http-ingest';
import { kafkaIngest } from './scenarios/kafka-ingest';
import { queries } from './scenarios/queries';
import { rebuild } from './scenarios/rebuild';
import { ensureBenchDependencies } from './lib/peers';
import { PROFILE_RESULTS_DIR, RESULTS_DIR, SMOKE_RESULTS_DIR } from './lib/paths';
import { machineFacts, printTable, writeResult } from './lib/report';
import type { BenchContext, Scenario } from './lib/scenario';

/**
 * `npm run bench [-- <scenario>…] [--smoke] [--profile]`: runs the scenarios in order, prints a
 * table for each and writes bench/results/<scenario>.json (smoke runs write to bench/.tmp/).
 */
const SCENARIOS: Scenario[] = [appendSqlite, appendPostgres, rebuild, httpIngest, kafkaIngest, queries];

const usage = `usage: npm run bench [-- [${SCENARIOS.map((s) => s.name).join('|')}]… [--smoke] [--profile]]
  --smoke       tiny sizes, about 10 s per scenario; results go to bench/.tmp/results-smoke/
  --events=N    size of the seeded store for rebuild and queries (default 1000000; smoke 20000)
  --envelopes=N envelopes produced for kafka-ingest (default 200000; smoke 5000)
  --profile     also record --cpu-prof profiles of Tenfold's processes into bench/.tmp/profiles/
                (results then go to bench/.tmp/results-profile/); summarise with
                node dist/bench/profile-summary.js bench/.tmp/profiles/<name>
  --results=DIR write the JSON results there instead of bench/results/`;

const stringArg = (args: string[], prefix: string): string | undefined =>
  args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
const numberArg = (args: string[], prefix: string): number | undefined => {
  const value = stringArg(args, prefix);
  return value === undefined ? undefined : Number(value);
};

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown scenario: ${unknown.join(', ')}\n${usage}`);
    return 2;
  }
  const selected = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.includes(s.name));
  const smoke = args.includes('--smoke');
  const profile = args.includes('--profile');
  // Profiled runs are slower than real ones: they never overwrite the committed results.
  const resultsDir = stringArg(args, '--results=') ?? (smoke ? SMOKE_RESULTS_DIR : profile ? PROFILE_RESULTS_DIR : RESULTS_DIR);
  ensureBenchDependencies();

  const cleanups: Array<() => void | Promise<void>> = [];
  const ctx: BenchContext = {
    smoke,
    profile,
    log: (message) => console.log(`  ${message}`),
    shared: new Map(),
    seededEvents: numberArg(args, '--events='),
    kafkaEvents: numberArg(args, '--envelopes='),
    onExit: (cleanup) => cleanups.push(cleanup),
  };
  const machine = machineFacts();
  console.log(`Tenfold bench${smoke ? ' (smoke)' : ''} on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  const started = Date.now();
  let failed = 0;
  try {
    for (const scenario of selected) {
      const t0 = Date.now();
      console.log(`\n▶ ${scenario.name}: ${scenario.title}`);
      try {
        const outcome = await scenario.run(ctx);
        if ('skipped' in outcome) {
          console.log(`  skipped: ${outcome.skipped}`);
          continue;
        }
        const result = { scenario: scenario.name, machine, rows: outcome.rows };
        printTable(result);
        const file = writeResult(resultsDir, result);
        console.log(`  → ${file} (${Math.round((Date.now() - t0) / 1000)} s)`);
      } catch (error) {
        failed++;
        console.error(`  ✗ ${scenario.name} failed:`, error);
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
  console.log(`\nbench finished in ${Math.round((Date.now() - started) / 1000)} s${failed ? `, ${failed} scenario(s) failed` : ''}`);
  return failed ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
