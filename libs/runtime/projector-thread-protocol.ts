import type { MessagePort } from 'node:worker_threads';
import type { TenfoldConfig } from '../config/config';

/** What the API thread gives the projector worker at start. */
export interface ProjectorThreadData {
  config: TenfoldConfig;
  /** Auto-escalation sweep period in the worker (ms; null = none). */
  escalationMs: number | null;
  /** The event store's writer thread posts `{ type: 'appended' }` here after each commit that stored events. */
  appended?: MessagePort;
  /** The process's write lock for the SQLite file (see `ThreadWriteLock`). */
  writeLock?: SharedArrayBuffer;
}

/** Operations the API thread can ask the worker to run on its Projector, answered by `done`. */
export type ProjectorThreadOperation = 'rebuild' | 'catchUp';

/** API thread → worker. */
export type ToProjectorThread =
  /** Events were appended by the API thread: read the log now instead of at the next poll. */
  | { type: 'appended' }
  | { type: 'run'; id: number; operation: ProjectorThreadOperation; recordedUpTo?: number }
  /** Stop projecting, close the connections and exit. */
  | { type: 'stop' };

/** Worker → API thread. */
export type FromProjectorThread =
  /** The projector is following the log; each projection's checkpoint. */
  | { type: 'ready'; positions: Record<string, number> }
  /** A projection committed up to `position`. */
  | { type: 'progress'; projection: string; position: number }
  /** Projections committed up to these positions (one message for every projection one commit moved). */
  | { type: 'progress'; positions: Record<string, number> }
  | { type: 'done'; id: number; positions: Record<string, number>; error?: string }
  | { type: 'log'; level: 'error' | 'log'; message: string; context?: Record<string, unknown> }
  | { type: 'stopped' };
