import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { MemberOutcome, MemberWrite } from './sqlite-group-writer';
import { fromWire, type FromWriterThread, type ToWriterThread, type WriterThreadData } from './sqlite-writer-thread-protocol';

/** The compiled worker next to this module; absent when running the TypeScript sources (ts-jest). */
export const WRITER_THREAD_SCRIPT = join(__dirname, 'sqlite-writer-thread-worker.js');
export const writerThreadAvailable = (script = WRITER_THREAD_SCRIPT): boolean => existsSync(script);

interface Waiter {
  resolve: (outcomes: MemberOutcome[]) => void;
  reject: (error: Error) => void;
}

export interface WriterThreadOptions {
  file: string;
  synchronous: 'full' | 'normal';
  /** Posted `{ type: 'appended' }` from the writer thread after each commit that stored events. */
  appended?: MessagePort;
  /** The process's write lock for the file (see `ThreadWriteLock`), taken around each group commit. */
  writeLock?: SharedArrayBuffer;
  script?: string;
}

/**
 * The caller's side of the event store's writer thread. Groups are sent as they come and written
 * in that order (those that queue up while the thread writes share its next commit); a thread
 * that dies fails the groups it holds with an unknown outcome, and the next group starts a new
 * one. The thread holds the process open only while a group is in flight.
 */
export class WriterThread {
  private current?: { worker: Worker; waiting: Map<number, Waiter>; wakes: boolean };
  private nextId = 1;
  private appended?: MessagePort;

  constructor(private readonly options: WriterThreadOptions) {
    this.appended = options.appended;
    this.spawn();
  }

  /** Whether the running thread posts `appended` itself (the wake-up port given at start). */
  get wakesDirectly(): boolean {
    return this.current?.wakes ?? false;
  }

  /** Write a group in the thread; one outcome per member, once the group is durable. */
  write(group: MemberWrite[]): Promise<MemberOutcome[]> {
    const { worker, waiting } = this.current ?? this.spawn();
    const id = this.nextId++;
    if (waiting.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'write', id, group } satisfies ToWriterThread);
    });
  }

  /** Close the thread's connection and let it exit (after the group in flight, if any). */
  async close(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.worker.ref();
    const exited = new Promise<void>((resolve) => current.worker.once('exit', () => resolve()));
    current.worker.postMessage({ type: 'close' } satisfies ToWriterThread);
    await exited;
  }

  private spawn(): NonNullable<WriterThread['current']> {
    const { file, synchronous, writeLock } = this.options;
    const data: WriterThreadData = { file, synchronous, ...(writeLock ? { writeLock } : {}) };
    // The wake-up port moves to the first thread only; after a restart the caller wakes the reader.
    const appended = this.appended;
    this.appended = undefined;
    const worker = new Worker(this.options.script ?? WRITER_THREAD_SCRIPT, {
      workerData: appended ? { ...data, appended } : data,
      ...(appended ? { transferList: [appended] } : {}),
    });
    worker.unref();
    const waiting = new Map<number, Waiter>();
    const current = { worker, waiting, wakes: appended !== undefined };
    worker.on('message', (message: FromWriterThread) => {
      if (message.type !== 'written') return;
      const waiter = waiting.get(message.id);
      waiting.delete(message.id);
      if (waiting.size === 0) worker.unref();
      waiter?.resolve(message.outcomes.map(fromWire));
    });
    const fail = (error: Error): void => {
      if (this.current === current) this.current = undefined;
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
    };
    worker.on('error', (error) => fail(new Error(`event store writer thread failed; outcome unknown: ${String(error)}`)));
    worker.on('exit', (code) => fail(new Error(`event store writer thread exited (code ${code}); outcome unknown`)));
    this.current = current;
    return current;
  }
}
