import type { TenfoldConfig } from '../config/config';

type Level = TenfoldConfig['logLevel'];
const RANK: Record<Level, number> = { error: 0, warn: 1, log: 2, debug: 3 };

/** A structured logger for the worker processes: one JSON line per entry on stdout/stderr. */
export interface ProcessLogger {
  error(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  log(message: string, context?: Record<string, unknown>): void;
  debug(message: string, context?: Record<string, unknown>): void;
}

/** JSON lines tagged with the process role (`ingest`, `projector`), filtered by the configured level. */
export const processLogger = (role: string, level: Level): ProcessLogger => {
  const write = (entryLevel: Level) => (message: string, context: Record<string, unknown> = {}) => {
    if (RANK[entryLevel] > RANK[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: entryLevel, role, pid: process.pid, message, ...context });
    (entryLevel === 'error' || entryLevel === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return { error: write('error'), warn: write('warn'), log: write('log'), debug: write('debug') };
};

/**
 * Run `close` once on SIGTERM or SIGINT, then exit (0 when it finished, 1 when it failed or took
 * longer than `timeoutMs`). A second signal exits at once.
 */
export const onShutdownSignal = (logger: ProcessLogger, close: () => Promise<void>, timeoutMs = 30_000): void => {
  let closing = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    closing = true;
    logger.log('shutting down', { signal });
    setTimeout(() => {
      logger.error('shutdown timed out', { timeoutMs });
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => {
        logger.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
};
