import type { ProcessLogger } from './process-logger';
import { startPolicySweeps } from './policy-sweeps';
import type { Runtime } from './runtime';

/**
 * What the one projecting process of a store runs: the projections (which seal the audit chain),
 * and the auto-escalation sweep. Returns a function that stops the sweep (the runtime's close()
 * stops the projector).
 */
export const startProjectionRole = async (runtime: Runtime, logger: ProcessLogger): Promise<() => void> => {
  await runtime.projector.start();
  // Parked envelopes are swept by the ingest workers; the policy deadlines here.
  return startPolicySweeps(runtime, logger, { parkingMs: null, escalationMs: 30_000 });
};
