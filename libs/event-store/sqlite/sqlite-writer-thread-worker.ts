import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './sqlite-database';
import { groupWriter } from './sqlite-group-writer';
import { toWire, type FromWriterThread, type ToWriterThread, type WriterThreadData } from './sqlite-writer-thread-protocol';

/**
 * The event store's writer thread: its own connection runs the group commits (BEGIN IMMEDIATE …
 * COMMIT with the configured sync), so the caller's event loop never waits for the disk.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread-worker runs as a worker thread');
const { file, synchronous, appended } = workerData as WriterThreadData;
const db = openSqlite({ file, synchronous });
const write = groupWriter(db);

port.on('message', (message: ToWriterThread) => {
  if (message.type === 'close') {
    db.close();
    port.postMessage({ type: 'closed' } satisfies FromWriterThread);
    port.close();
    appended?.close();
    return;
  }
  const outcomes = write(message.group);
  // Durable now: wake whoever follows the log first, then answer the callers.
  if (appended && outcomes.some((o) => 'written' in o && o.written.some((s) => s.positions.length > 0)))
    appended.postMessage({ type: 'appended' });
  port.postMessage({ type: 'written', id: message.id, outcomes: outcomes.map(toWire) } satisfies FromWriterThread);
});
