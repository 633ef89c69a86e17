import { parentPort, workerData } from 'node:worker_threads';
import { AppendNotifier } from '../event-store/polling-subscription';
import { startPolicySweeps } from './policy-sweeps';
import type {
  FromProjectorThread,
  ProjectorThreadData,
  ToProjectorThread,
} from './projector-thread-protocol';
import { openRuntime } from './runtime';

/**
 * The projector's thread (TENFOLD_PROJECTOR=thread): its own SQLite connections on the API's
 * file, the real Projector, the audit chain and the auto-escalation sweep — everything that runs
 * wherever the projector runs — off the event loop that answers requests. It tells the API thread
 * each projection's progress; the API thread tells it when it appended.
 */
const port = parentPort;
if (!port) throw new Error('projector-thread-worker runs as a worker thread');
const post = (message: FromProjectorThread): void => port.postMessage(message);
const log = (level: 'error' | 'log', message: string, context?: Record<string, unknown>): void =>
  post({ type: 'log', level, message, ...(context ? { context } : {}) });

/** Each projection's committed position, as this thread last reported it. */
const positions: Record<string, number> = {};

const main = async (): Promise<void> => {
  const { config, escalationMs, appended, writeLock } = workerData as ProjectorThreadData;
  const wake = new AppendNotifier();
  // Woken by the API thread's appends, and by this thread's own (auto-escalations).
  const runtime = await openRuntime(
    { ...config, projector: 'inline' },
    { error: (message, context) => log('error', message, context) },
    // SQLite's append signal is per connection; PostgreSQL's (LISTEN/NOTIFY) reaches every connection.
    config.store === 'sqlite'
      ? { signals: { wake, onAppended: () => wake.notify() }, viewsSync: 'normal', ...(writeLock ? { writeLock } : {}) }
      : {},
  );
  const { projector } = runtime;
  for (const projection of projector.projections)
    positions[projection.name] = await runtime.views.checkpoint(projection.name);
  // The writer thread's word that events are durable: wake without a hop through the API thread.
  appended?.on('message', () => wake.notify());
  appended?.unref();
  // One commit moves every projection at once: tell the API thread once, after the whole commit.
  let moved: Record<string, number> | undefined;
  projector.onProgress(({ projection, position }) => {
    positions[projection] = position;
    if (!moved) {
      moved = {};
      queueMicrotask(() => {
        const message = moved!;
        moved = undefined;
        post({ type: 'progress', positions: message });
      });
    }
    moved[projection] = position;
  });

  let stopSweeps: () => void = () => undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      stopSweeps();
      appended?.close();
      await runtime.close();
      post({ type: 'stopped' });
      port.close();
    })());

  port.on('message', (message: ToProjectorThread) => {
    if (message.type === 'appended') wake.notify();
    else if (message.type === 'stop')
      void stop().catch((error) => log('error', 'projector thread stop failed', { error: String(error) }));
    else if (message.type === 'run') {
      const { id, operation, recordedUpTo } = message;
      const work =
        operation === 'rebuild'
          ? (async () => {
              // The views are dropped: nothing is projected until the rebuild commits again (the audit
              // chain, which reports its progress too, is kept and stays where it is).
              for (const projection of projector.projections) positions[projection.name] = 0;
              post({ type: 'progress', positions: { ...positions } });
              await projector.rebuild();
            })()
          : projector.catchUp(recordedUpTo === undefined ? {} : { recordedUpTo });
      work.then(
        () => post({ type: 'done', id, positions }),
        (error: unknown) => post({ type: 'done', id, positions, error: String(error) }),
      );
    }
  });

  await projector.start();
  stopSweeps = startPolicySweeps(
    runtime,
    { error: (message, context) => log('error', message, context) },
    { parkingMs: null, escalationMs },
  );
  // The checkpoints it started from, and whatever it has committed since.
  post({ type: 'ready', positions });
};

main().catch((error: unknown) => {
  // Let the thread die: the API thread logs it and starts a new one.
  setImmediate(() => {
    throw error;
  });
});
