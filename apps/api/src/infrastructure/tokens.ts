/** Injection token of the process's Runtime (store, views, ledger, projector, ingestor). */
export const RUNTIME = Symbol('RUNTIME');
