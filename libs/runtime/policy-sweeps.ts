import type { Runtime } from './runtime';

export interface SweepLogger {
  error(message: string, context?: Record<string, unknown>): void;
}

/**
 * Periodic, restart-safe work of the process that projects: drain or expire parked envelopes and
 * run the auto-escalation policy. Both act on stored data, so a missed tick is caught up by the next.
 */
export const startPolicySweeps = (
  runtime: Runtime,
  logger: SweepLogger,
  every: { parkingMs: number | null; escalationMs: number | null } = { parkingMs: 5000, escalationMs: 30_000 },
) => {
  const guard = (name: string, work: () => Promise<unknown>) => {
    let running = false;
    return () => {
      if (running) return;
      running = true;
      work()
        .catch((error) => logger.error(`${name} failed`, { error: String(error) }))
        .finally(() => (running = false));
    };
  };
  const timers: NodeJS.Timeout[] = [];
  if (every.parkingMs) timers.push(setInterval(guard('parking sweep', () => runtime.ingestor.sweep()), every.parkingMs));
  if (every.escalationMs) {
    const escalate = () => runtime.autoEscalator.sweep(Date.now());
    timers.push(setInterval(guard('auto-escalation sweep', escalate), every.escalationMs));
  }
  for (const timer of timers) timer.unref();
  return () => timers.forEach(clearInterval);
};
