import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import type { Projection } from '../projections/view-store.port';
import { RebuildThreads } from './rebuild-threads';

/**
 * Stand-in rebuild threads speaking the protocol (plain JS: jest runs TypeScript, the real worker
 * is compiled; test/projector-thread.e2e-spec.ts runs the real one): each records the share it was
 * given; a share holding `bad` reports an error, one holding `dies` exits before it is done, and one
 * holding `slow` takes its time unless it is stopped.
 */
const fakeWorker = (sharesFile: string): string => `
const { parentPort, workerData } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const names = workerData.projections;
appendFileSync(${JSON.stringify(sharesFile)}, JSON.stringify(names) + '\\n');
parentPort.postMessage({ type: 'log', level: 'log', message: 'rebuilding', context: { at: 1 } });
if (names.includes('bad')) parentPort.postMessage({ type: 'done', seconds: 0.1, error: 'Error: disk full' });
else if (names.includes('dies')) process.exit(7);
else if (names.includes('slow')) setTimeout(() => { appendFileSync(${JSON.stringify(sharesFile)}, 'slow finished\\n'); parentPort.postMessage({ type: 'done', seconds: 2 }); }, 2000);
else parentPort.postMessage({ type: 'done', seconds: 0.5 });
`;

const projection = (name: string, rebuildWeight = 1): Projection => ({
  name,
  rebuildWeight,
  views: [],
  apply: () => undefined,
});

describe('RebuildThreads (a full rebuild shared out to worker threads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-rebuild-threads-'));
  const script = join(dir, 'fake-worker.js');
  const sharesFile = join(dir, 'shares.txt');
  const config = loadConfig({ TENFOLD_DB: join(dir, 'tenfold.db') });
  const logs: Array<{ message: string; context?: Record<string, unknown> }> = [];
  const errors: string[] = [];
  const logger = {
    error: (message: string) => errors.push(message),
    log: (message: string, context?: Record<string, unknown>) =>
      logs.push({ message, ...(context ? { context } : {}) }),
  };
  const shares = (): string[] => readFileSync(sharesFile, 'utf8').trim().split('\n').sort();

  beforeAll(() => {
    writeFileSync(script, fakeWorker(sharesFile));
  });
  beforeEach(() => {
    writeFileSync(sharesFile, '');
    logs.length = 0;
    errors.length = 0;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('given two threads, when rebuilt, then each thread gets a share by weight, their logs come through, and the timings are logged', async () => {
    await new RebuildThreads(config, 2, logger, { script }).rebuild([
      projection('sla', 5),
      projection('loyalty', 4),
      projection('satisfaction', 1),
      projection('retention', 2),
    ]);
    expect(shares()).toEqual(['["loyalty","retention"]', '["sla","satisfaction"]']);
    expect(logs.filter((l) => l.message === 'rebuilding').map((l) => l.context)).toEqual(
      expect.arrayContaining([
        { at: 1, projections: ['sla', 'satisfaction'] },
        { at: 1, projections: ['loyalty', 'retention'] },
      ]),
    );
    const done = logs.find((l) => l.message === 'projections rebuilt in parallel');
    expect(done?.context?.threads).toEqual([
      { projections: ['sla', 'satisfaction'], seconds: 0.5 },
      { projections: ['loyalty', 'retention'], seconds: 0.5 },
    ]);
  });

  it('given a thread that reports an error, when rebuilt, then the rebuild fails naming its share and the slow thread is stopped', async () => {
    const rebuild = new RebuildThreads(config, 2, logger, { script }).rebuild([
      projection('bad'),
      projection('slow'),
    ]);
    await expect(rebuild).rejects.toThrow('rebuild of bad failed: Error: disk full');
    await new Promise((r) => setTimeout(r, 2500));
    expect(shares()).toContain('["bad"]');
    expect(shares()).not.toContain('slow finished');
  });

  it('given a thread that exits before it is done, when rebuilt, then the rebuild fails', async () => {
    await expect(
      new RebuildThreads(config, 2, logger, { script }).rebuild([projection('dies'), projection('ok')]),
    ).rejects.toThrow('rebuild thread of dies exited (7) before it was done');
  });
});
