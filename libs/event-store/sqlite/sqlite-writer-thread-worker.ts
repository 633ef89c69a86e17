import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openSqlite } from './sqlite-database';
import { groupWriter, type MemberWrite } from './sqlite-group-writer';
import { toWire, type FromWriterThread, type ToWriterThread, type WriterThreadData } from './sqlite-writer-thread-protocol';

/**
 * The event store's writer thread: its own connection runs the group commits (BEGIN IMMEDIATE …
 * COMMIT with the configured sync), so the caller's event loop never waits for the disk. Groups
 * that queued up while it wrote are committed together, in the order they were sent.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread-worker runs as a worker thread');
const { file, synchronous, appended, writeLock } = workerData as WriterThreadData;
const db = openSqlite({ file, synchronous, ...(writeLock ? { writeLock } : {}) });
const write = groupWriter(db);

const close = (): void => {
  db.close();
  port.postMessage({ type: 'closed' } satisfies FromWriterThread);
  port.close();
  appended?.close();
};

port.on('message', (first: ToWriterThread) => {
  if (first.type === 'close') return close();
  const writes = [first];
  let closing = false;
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
    const message = next.message as ToWriterThread;
    if (message.type === 'close') closing = true;
    else writes.push(message);
  }
  const members: MemberWrite[] = writes.length === 1 ? first.group : writes.flatMap((w) => w.group);
  const outcomes = write(members);
  // Durable now: wake whoever follows the log first, then answer the callers.
  if (appended && outcomes.some((o) => 'written' in o && o.written.some((s) => s.positions.length > 0)))
    appended.postMessage({ type: 'appended' });
  let at = 0;
  for (const { id, group } of writes) {
    const mine = outcomes.slice(at, (at += group.length));
    port.postMessage({ type: 'written', id, outcomes: mine.map(toWire) } satisfies FromWriterThread);
  }
  if (closing) close();
});
