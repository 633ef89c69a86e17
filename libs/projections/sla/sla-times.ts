import type { ViewDefinition } from '../view-store.port';

/**
 * The resolution times of one day of raise that fall in one bin, sorted: the `ms` of the
 * (day, bin) durations row without its dimension values, kept beside it by the SLA projection.
 * A median over a filter that fixes no dimension reads these lean rows only (a fourth of the
 * bytes to parse of the durations rows at 1M events).
 */
export interface SlaTimesRow {
  day: number;
  bin: number;
  ms: number[];
}

export const slaTimesView: ViewDefinition<SlaTimesRow> = {
  name: 'sla_summary_times',
  columns: { bin: 'integer', day: 'integer' },
  indexes: ['bin'],
  index: (row) => ({ bin: row.bin, day: row.day }),
  sharedRows: true,
};

/**
 * The values at the given ranks (0-based, ascending, each below `values.length`) of an unsorted list:
 * partitions `values` in place around each rank (quickselect) instead of sorting it all.
 */
export const valuesAtRanksOf = (values: Float64Array, ranks: readonly number[]): number[] => {
  let lo = 0;
  const result: number[] = [];
  for (const rank of ranks) {
    result.push(select(values, lo, values.length - 1, rank));
    // Everything after `rank` is now at least its value: a later rank is found there.
    lo = rank + 1;
  }
  return result;
};

/** The value of rank k in values[lo..hi], moving it to index k (Hoare partition, middle pivot). */
const select = (values: Float64Array, lo: number, hi: number, k: number): number => {
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
};
