import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import ts from 'typescript';
import { runEventStoreContract, testEvent } from '../contract/event-store.contract';
import { DuplicateIdempotencyKey, WrongExpectedVersion } from '../event-store.port';
import { openSqlite, type SqliteDb } from './sqlite-database';
import { SqliteEventStore } from './sqlite-event-store';
import { WriterThread } from './sqlite-writer-thread';
import { ThreadWriteLock } from './sqlite-write-lock';

/**
 * The real writer thread, run from its TypeScript source: jest runs TypeScript, the compiled
 * worker does not exist here. Its modules are transpiled once here; a bootstrap hands each thread
 * the JavaScript as the modules load (loading the compiler in every thread would take seconds).
 */
const dir = mkdtempSync(join(tmpdir(), 'tenfold-writer-thread-'));
const sources = [
  'sqlite-writer-thread-worker.ts',
  'sqlite-database.ts',
  'sqlite-write-lock.ts',
  'sqlite-group-writer.ts',
  'sqlite-writer-thread-protocol.ts',
  '../event-store.port.ts',
];
const compiled = Object.fromEntries(
  sources.map((name) => {
    const fileName = join(__dirname, name);
    const compilerOptions = {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    };
    return [
      fileName,
      ts.transpileModule(readFileSync(fileName, 'utf8'), { compilerOptions, fileName }).outputText,
    ];
  }),
);
writeFileSync(join(dir, 'compiled.json'), JSON.stringify(compiled));
const script = join(dir, 'boot.js');
writeFileSync(
  script,
  `const { readFileSync } = require('node:fs');
const compiled = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'compiled.json'))}, 'utf8'));
require.extensions['.ts'] = (module, filename) => {
  if (!(filename in compiled)) throw new Error('not transpiled for the writer thread: ' + filename);
  module._compile(compiled[filename], filename);
};
require(${JSON.stringify(join(__dirname, 'sqlite-writer-thread-worker.ts'))});
`,
);
// The same thread, except that it exits (thread only) on a write to the stream `die`, before writing it.
const dying = join(dir, 'dying.js');
writeFileSync(
  dying,
  `require('node:worker_threads').parentPort.on('message', (m) => {
  if (m.type === 'write' && m.group.some((streams) => streams.some((s) => s.streamId === 'die'))) process.exit(3);
});
require(${JSON.stringify(script)});
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const threadStore = (
  db: SqliteDb,
  file: string,
  appended?: MessagePort,
  writeLock?: SharedArrayBuffer,
): SqliteEventStore =>
  new SqliteEventStore(db, {
    committer: () =>
      new WriterThread({
        file,
        synchronous: 'normal',
        script,
        ...(appended ? { appended } : {}),
        ...(writeLock ? { writeLock } : {}),
      }),
  });

// Without a write lock the writers meet in SQLite's busy handler; with one (as in the API) they wait on it.
for (const writeLock of [undefined, ThreadWriteLock.create()])
  runEventStoreContract(
    `sqlite, appends committed by a writer thread${writeLock ? ', threads sharing a write lock' : ''}`,
    async () => {
      const where = mkdtempSync(join(dir, 'contract-'));
      const file = join(where, 'events.db');
      const locked = writeLock ? { writeLock } : {};
      const dbs: SqliteDb[] = [openSqlite({ file, synchronous: 'normal', ...locked })];
      const stores = [threadStore(dbs[0], file, undefined, writeLock)];
      return {
        store: stores[0],
        openAnother: async () => {
          const db = openSqlite({ file, synchronous: 'normal', ...locked });
          dbs.push(db);
          const store = threadStore(db, file, undefined, writeLock);
          stores.push(store);
          return store;
        },
        cleanup: async () => {
          for (const store of stores) await store.close();
          for (const db of dbs) db.close();
        },
      };
    },
  );

describe('sqlite event store: group commit on a writer thread', () => {
  it('commits concurrent appends together, each failing or succeeding alone, with the same errors', async () => {
    const file = join(mkdtempSync(join(dir, 'group-')), 'events.db');
    const db = openSqlite({ file, synchronous: 'normal' });
    const { port1, port2 } = new MessageChannel();
    let wakes = 0;
    port2.on('message', (message: { type: string }) => {
      if (message.type === 'appended') wakes++;
    });
    const store = threadStore(db, file, port1);
    try {
      await store.append('s-1', [testEvent('A0')], 'no_stream');
      const outcomes = await Promise.allSettled([
        store.append('s-1', [testEvent('A1')], 0),
        store.append('s-1', [testEvent('stale')], 0),
        store.append('s-2', [testEvent('B0', {}, 'key-1')], 'no_stream'),
        store.append('s-3', [testEvent('C0', {}, 'key-1')], 'no_stream'),
        store.appendMany([
          { streamId: 's-4', events: [testEvent('D0')], expectedVersion: 'no_stream' },
          { streamId: 's-5', events: [testEvent('E0'), testEvent('E1')], expectedVersion: 'no_stream' },
        ]),
        store.appendMany([
          { streamId: 's-6', events: [testEvent('F0')], expectedVersion: 'no_stream' },
          { streamId: 's-1', events: [testEvent('stale too')], expectedVersion: 'no_stream' },
        ]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
      ]);
      const stale = (outcomes[1] as PromiseRejectedResult).reason as WrongExpectedVersion;
      expect(stale).toBeInstanceOf(WrongExpectedVersion);
      expect([stale.streamId, stale.expected, stale.actual]).toEqual(['s-1', 0, 1]);
      expect((outcomes[3] as PromiseRejectedResult).reason).toEqual(new DuplicateIdempotencyKey('key-1'));
      expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
      const many = (outcomes[4] as PromiseFulfilledResult<Awaited<ReturnType<typeof store.appendMany>>>)
        .value;
      expect(
        many.map((r) => [
          r.nextExpectedVersion,
          r.lastGlobalPosition,
          r.events.map((e) => [e.type, e.streamVersion, e.globalPosition]),
        ]),
      ).toEqual([
        [0, 4, [['D0', 0, 4]]],
        [
          1,
          6,
          [
            ['E0', 0, 5],
            ['E1', 1, 6],
          ],
        ],
      ]);
      // Read back on the caller's own connection: the thread's commits are visible as soon as they are answered.
      expect((await store.readAll()).map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'D0', 'E0', 'E1']);
      expect(await store.readStream('s-6')).toEqual([]);
      expect(await store.findByIdempotencyKey('key-1')).toMatchObject({ streamId: 's-2', type: 'B0' });
      await new Promise((r) => setTimeout(r, 50));
      expect(wakes).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
      port2.close();
      db.close();
    }
  });

  it('fails the group in flight when the thread dies, and appends again on a new thread', async () => {
    const file = join(mkdtempSync(join(dir, 'dies-')), 'events.db');
    const db = openSqlite({ file, synchronous: 'normal' });
    const store = new SqliteEventStore(db, {
      committer: () => new WriterThread({ file, synchronous: 'normal', script: dying }),
    });
    try {
      await store.append('s-1', [testEvent('A0')], 'no_stream');
      const lost = [
        store.append('die', [testEvent('X')], 'no_stream'),
        store.append('s-1', [testEvent('A1')], 0),
      ];
      for (const append of lost) await expect(append).rejects.toThrow(/exited \(code 3\); outcome unknown/);
      const after = await store.append('s-2', [testEvent('B0')], 'no_stream');
      expect(after.events[0]).toMatchObject({ streamVersion: 0, globalPosition: 2 });
      expect((await store.readAll()).map((e) => e.type)).toEqual(['A0', 'B0']);
    } finally {
      await store.close();
      db.close();
    }
  });
});
