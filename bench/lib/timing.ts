/** Seconds elapsed since `start` (from `process.hrtime.bigint()`). */
export const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

export interface Throughput {
  units: number;
  seconds: number;
  perSecond: number;
  /** How many steps ran. */
  steps: number;
}

/**
 * Call `step(i)` (which does one unit of work and returns how many events it handled) until
 * `seconds` have passed or `maxSteps` steps ran; at least one step always runs.
 */
export const timeBox = async (
  seconds: number,
  maxSteps: number,
  step: (i: number) => number | Promise<number>,
): Promise<Throughput> => {
  const start = process.hrtime.bigint();
  let units = 0;
  let i = 0;
  do {
    units += await step(i++);
  } while (i < maxSteps && since(start) < seconds);
  const elapsed = since(start);
  return { units, seconds: elapsed, perSecond: units / elapsed, steps: i };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
