import Database from 'better-sqlite3';
import { runChild, startChild } from './child';
import type { LoadPayload, LoadReport } from '../children/load';

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Start the real Tenfold HTTP app in a child process on an SQLite file (embedded mode, its default projector thread). */
export const startServer = async (file: string, options: { env?: Record<string, string>; profileAs?: string } = {}): Promise<RunningServer> => {
  const child = await startChild<{ port: number; pid: number }>('server', {}, {
    env: { TENFOLD_DB: file, TENFOLD_STORE: 'sqlite', ...options.env },
    profileAs: options.profileAs,
    timeoutMs: 120_000,
  });
  return { url: `http://127.0.0.1:${child.ready.port}`, pid: child.pid, stop: () => child.stop() };
};

/** Run autocannon in a second process against a running server. */
export const runLoad = (payload: LoadPayload): Promise<LoadReport> =>
  runChild<LoadReport>('load', payload, { timeoutMs: (payload.seconds + 120) * 1000 });

export interface StoreCounts {
  events: number;
  parked: number;
  deadLetters: number;
}

/** Count what a Tenfold SQLite file holds (read-only; safe while the app writes in WAL mode). */
export const storeCounts = (file: string): StoreCounts => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return {
      events: count('SELECT COUNT(*) AS n FROM events'),
      parked: count('SELECT COUNT(*) AS n FROM ingest_parked'),
      deadLetters: count('SELECT COUNT(*) AS n FROM dead_letters'),
    };
  } finally {
    db.close();
  }
};
