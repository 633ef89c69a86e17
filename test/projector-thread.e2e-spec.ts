import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../libs/config/config';
import { openSqlite } from '../libs/event-store/sqlite/sqlite-database';
import { SqliteEventStore } from '../libs/event-store/sqlite/sqlite-event-store';
import { allProjections } from '../libs/projections/all-projections';
import { viewsAsOf } from '../libs/projections/as-of';
import { SqliteViewStore } from '../libs/projections/sqlite/sqlite-view-store';
import { dump, generateEnvelopes, mulberry32 } from './support/generated-history';

const ROOT = join(__dirname, '..');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** How the process ended: its exit code, or the signal (Nest re-raises SIGTERM once its shutdown hooks ran). */
const exitOf = (child: ChildProcess): Promise<number | string> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode!);
    else child.once('exit', (code, signal) => resolve(code ?? signal!));
  });

/**
 * The compiled server (what `npm start` runs) with the default TENFOLD_PROJECTOR=thread: the
 * projector, the audit chain and the sweeps run in a worker thread on their own connections.
 * Jest runs TypeScript, where the worker cannot load, so this builds the app with tsc first.
 */
describe('projector in a worker thread (compiled server, embedded SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-thread-'));
  const out = join(dir, 'dist');
  const file = join(dir, 'tenfold.db');
  const config = loadConfig({ TENFOLD_DB: file, TENFOLD_TIME_ZONE: 'Europe/Berlin' });
  let server: ChildProcess;
  let baseUrl = '';
  let output = '';

  const post = async (body: unknown) => {
    const response = await fetch(`${baseUrl}/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { accepted: number; projected: boolean },
    };
  };
  const get = async (path: string) => (await fetch(`${baseUrl}${path}`)).json();

  /** Every projection's checkpoint is the log's head, and its views equal a fold of the log; answers the head. */
  const expectViewsAtHeadEqualToFold = async (): Promise<number> => {
    const db = openSqlite({ file, synchronous: 'normal' });
    try {
      const store = new SqliteEventStore(db);
      const views = new SqliteViewStore(db);
      const projections = allProjections(config);
      const head = await store.headPosition();
      for (const projection of projections) expect(await views.checkpoint(projection.name)).toBe(head);
      const rebuilt = await viewsAsOf(store, projections, Number.MAX_SAFE_INTEGER);
      expect(await dump(views, projections)).toEqual(await dump(rebuilt, projections));
      return head;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const tsc = spawnSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        out,
        '--tsBuildInfoFile',
        join(out, '.tsbuildinfo'),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [join(out, 'apps/api/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_PATH: join(ROOT, 'node_modules'),
        PORT: String(port),
        HOST: '127.0.0.1',
        TENFOLD_DB: file,
        TENFOLD_TIME_ZONE: 'Europe/Berlin',
        TENFOLD_SQLITE_SYNC: 'normal',
        TENFOLD_LOG_LEVEL: 'log',
        TENFOLD_LOG_FORMAT: 'json',
        // A loaded CI machine must not turn a slow projection into `projected: false`.
        TENFOLD_INGEST_WAIT_MS: '20000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      const up = await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 300) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exitOf(server);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the thread mode on /health', async () => {
    expect(await get('/health')).toMatchObject({
      status: 'ok',
      projector: 'thread',
      projectorRunning: true,
      lag: 0,
    });
  });

  it('answers projected: true for every ingest, and reads see what was accepted', async () => {
    const envelopes = generateEnvelopes(777, 1500);
    const rng = mulberry32(3);
    let accepted = 0;
    for (let i = 0; i < envelopes.length;) {
      const size = 1 + Math.floor(rng() * 100);
      const chunk = envelopes.slice(i, i + size);
      const { status, body } = await post(chunk.length === 1 ? chunk[0] : chunk);
      expect(status).toBeLessThan(300);
      if (body.accepted > 0) expect(body.projected).toBe(true);
      accepted += body.accepted;
      i += size;
    }
    expect(accepted).toBeGreaterThan(1000);
    const health = (await get('/health')) as { headPosition: number; projectedPosition: number; lag: number };
    expect(health.lag).toBe(0);
    expect(health.projectedPosition).toBe(health.headPosition);
  }, 120_000);

  it('a complaint raised over HTTP is in the SLA view as soon as the answer says projected', async () => {
    const raised = await post({
      source: 'zendesk',
      sourceEventId: 'thread-1',
      type: 'complaint.raised',
      occurredAt: '2026-03-01T09:00:00Z',
      actor: 'agent:test',
      data: {
        complaintId: 'C-T1',
        customerId: 'K-T1',
        channel: 'email',
        category: 'billing',
        summary: 'thread',
      },
    });
    expect(raised.body).toMatchObject({ accepted: 1, projected: true });
    expect(await get('/complaints/C-T1')).toMatchObject({ complaintId: 'C-T1', status: 'open' });
  });

  it('stops cleanly on SIGTERM, and the views equal a rebuild from the log (audit chain sealed to the head)', async () => {
    server.kill('SIGTERM');
    expect([0, 'SIGTERM']).toContain(await exitOf(server));
    expect(output).toContain('projector thread stopped');
    expect(output).not.toMatch(/projector thread (failed|exited)/);
    const head = await expectViewsAtHeadEqualToFold();
    const db = openSqlite({ file, synchronous: 'normal' });
    try {
      expect(await new SqliteViewStore(db).checkpoint('audit-chain')).toBe(head);
    } finally {
      db.close();
    }
  }, 60_000);

  it('npm run rebuild (compiled) shares the projections out to two threads, and the views it builds equal the fold of the log', async () => {
    const run = spawnSync(process.execPath, [join(out, 'apps/api/src/rebuild.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_PATH: join(ROOT, 'node_modules'),
        TENFOLD_DB: file,
        TENFOLD_TIME_ZONE: 'Europe/Berlin',
        TENFOLD_REBUILD_THREADS: '2',
      },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const logged = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message: string; threads?: Array<{ projections: string[] }> });
    const parallel = logged.find((line) => line.message === 'projections rebuilt in parallel');
    expect(parallel?.threads?.map((t) => t.projections)).toEqual([
      ['sla', 'satisfaction'],
      ['loyalty', 'retention'],
    ]);
    const head = await expectViewsAtHeadEqualToFold();
    expect(JSON.parse(run.stdout)).toMatchObject({ events: head, rebuilt: allProjections(config).map((p) => p.name) });
  }, 60_000);
});
