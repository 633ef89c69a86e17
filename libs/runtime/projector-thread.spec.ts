import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { loadConfig } from '../config/config';
import type { Projection } from '../projections/view-store.port';
import { ProjectorThread } from './projector-thread';

/**
 * A stand-in worker speaking the protocol (plain JS: jest runs TypeScript, the real worker is
 * compiled): ready at 0, each `appended` projects one more event, `run` with catchUp crashes.
 */
const FAKE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let position = 0;
// The writer thread's port: each message projects one more event, told in one message for both projections.
workerData.appended?.on('message', () => {
  position += 1;
  parentPort.postMessage({ type: 'progress', positions: { a: position, b: position } });
});
workerData.appended?.unref();
parentPort.on('message', (message) => {
  if (message.type === 'appended') {
    position += 1;
    for (const projection of ['a', 'b']) parentPort.postMessage({ type: 'progress', projection, position });
  } else if (message.type === 'run' && message.operation === 'catchUp') {
    throw new Error('boom');
  } else if (message.type === 'run') {
    parentPort.postMessage({ type: 'done', id: message.id, positions: { a: position, b: position } });
  } else if (message.type === 'stop') {
    workerData.appended?.close();
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready', positions: { a: 0, b: 0 } });
`;

const projections = [{ name: 'a' }, { name: 'b' }] as unknown as Projection[];
const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ProjectorThread (the API thread side of a projector in a worker thread)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-projector-thread-'));
  const script = join(dir, 'fake-worker.js');
  writeFileSync(script, FAKE_WORKER);
  const errors: string[] = [];
  const logger = { error: (message: string) => errors.push(message) };
  let thread: ProjectorThread;

  beforeEach(() => {
    errors.length = 0;
    thread = new ProjectorThread(loadConfig({}), projections, {
      logger,
      script,
      restartDelayMs: 300,
      escalationMs: null,
    });
  });
  afterEach(() => thread.stop());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the worker: position is the lowest projection, waitFor resolves on progress, listeners hear it', async () => {
    await thread.start();
    expect(thread.isRunning).toBe(true);
    expect(thread.position()).toBe(0);
    const heard: Array<{ projection: string; position: number }> = [];
    thread.onProgress((progress) => heard.push(progress));
    const waiting = thread.waitFor(2, 5000);
    thread.notifyAppended();
    thread.notifyAppended(); // the same turn of the loop: one message
    await until(() => thread.position() === 1);
    thread.notifyAppended();
    expect(await waiting).toBe(true);
    expect(thread.position()).toBe(2);
    expect(heard).toEqual([
      { projection: 'a', position: 1 },
      { projection: 'b', position: 1 },
      { projection: 'a', position: 2 },
      { projection: 'b', position: 2 },
    ]);
    expect(await thread.waitFor(3, 50)).toBe(false);
    await thread.rebuild();
  });

  it('a crashed worker is logged and restarted; meanwhile nothing waits for it (projected stays false)', async () => {
    await thread.start();
    thread.notifyAppended();
    await until(() => thread.position() === 1);
    const waiting = thread.waitFor(5, 60_000);
    await expect(thread.catchUp()).rejects.toThrow('projector thread exited');
    expect(await waiting).toBe(false);
    expect(thread.isRunning).toBe(false);
    expect(await thread.waitFor(2, 60_000)).toBe(false);
    expect(errors).toEqual(
      expect.arrayContaining(['projector thread failed', 'projector thread exited; restarting it']),
    );
    // What the views did reach stays true; the new worker reports its own checkpoints.
    expect(thread.position()).toBe(1);
    await until(() => thread.isRunning);
    thread.notifyAppended();
    expect(await thread.waitFor(1, 5000)).toBe(true);
  });

  it('hands the writer thread\'s port to the worker: woken without this thread, progress of all projections in one message', async () => {
    const { port1, port2 } = new MessageChannel();
    const direct = new ProjectorThread(loadConfig({}), projections, { logger, script, escalationMs: null, appended: port2 });
    try {
      await direct.start();
      expect(direct.wokenByWriter).toBe(true);
      const checks: number[] = [];
      const heard: Array<{ projection: string; position: number }> = [];
      direct.onProgress((progress) => heard.push(progress));
      const waiting = direct.waitFor(2, 5000).then((reached) => (checks.push(direct.position()), reached));
      port1.postMessage({ type: 'appended' });
      port1.postMessage({ type: 'appended' });
      expect(await waiting).toBe(true);
      expect(checks).toEqual([2]);
      expect(heard).toEqual([
        { projection: 'a', position: 1 },
        { projection: 'b', position: 1 },
        { projection: 'a', position: 2 },
        { projection: 'b', position: 2 },
      ]);
    } finally {
      await direct.stop();
      port1.close();
    }
    expect(direct.wokenByWriter).toBe(false);
  });

  it('stops the worker without restarting it', async () => {
    await thread.start();
    await thread.stop();
    expect(thread.isRunning).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(thread.isRunning).toBe(false);
    expect(errors).toEqual([]);
    await expect(thread.rebuild()).rejects.toThrow('not running');
  });
});
