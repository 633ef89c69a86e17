import { MemoryViewStore } from '../memory/memory-view-store';
import type { ViewDefinition, ViewQuery, ViewStore } from '../view-store.port';
import { slaDurationsView } from './sla-cells';
import type { SlaFilter } from './sla-filter';
import { expectSummariesMatchFold, projectInBatches, sampleInstants, slaHistory } from './sla-summary-testing';
import { slaSummaryUntil } from './sla-summary-query';
import { slaTimesView, valuesAtRanksOf } from './sla-times';

/** A small deterministic generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

/** The views a store is queried for, by name. */
const recordingQueries = (views: ViewStore): { views: ViewStore; queried: string[] } => {
  const queried: string[] = [];
  const recording = Object.create(views) as ViewStore;
  recording.query = <Row>(view: ViewDefinition<Row>, query?: ViewQuery) => {
    queried.push(view.name);
    return views.query(view, query);
  };
  return { views: recording, queried };
};

describe('values at ranks (quickselect)', () => {
  it('given unsorted times with ties, when the middle ranks are selected, then they equal the sorted list at those ranks', () => {
    const next = random(3);
    for (let run = 0; run < 300; run++) {
      const size = 1 + Math.floor(next() * 60);
      const values = Array.from({ length: size }, () => Math.floor(next() * (run % 3 === 0 ? 4 : 1000)) - 2);
      const sorted = [...values].sort((a, b) => a - b);
      const first = Math.floor(next() * size);
      const ranks = first + 1 < size && next() < 0.5 ? [first, first + 1 + Math.floor(next() * (size - first - 1))] : [first];
      expect(valuesAtRanksOf(Float64Array.from(values), ranks)).toEqual(ranks.map((r) => sorted[r]));
    }
  });
});

describe('lean times rows', () => {
  const events = slaHistory(17, 400);
  const views = new MemoryViewStore();
  beforeAll(() => projectInBatches(views, events, 9));

  it('given a projected history, then each (day, bin) has a times row holding exactly its durations row’s sorted times', async () => {
    const byKey = { orderBy: [{ column: 'key', direction: 'asc' as const }] };
    const durations = await views.query(slaDurationsView, byKey);
    expect(durations.length).toBeGreaterThan(20);
    expect(await views.query(slaTimesView, byKey)).toEqual(durations.map(({ day, bin, ms }) => ({ day, bin, ms })));
  });

  it('given a filter without dimensions, when the summary is computed, then it reads the times rows and not the durations rows', async () => {
    const recording = recordingQueries(views);
    const [now] = await sampleInstants(views, 1, 1);
    await slaSummaryUntil(recording.views, { from: Date.parse('2000-01-01T00:00:00Z') }, now, 1);
    expect(recording.queried).toContain(slaTimesView.name);
    expect(recording.queried).not.toContain(slaDurationsView.name);
  });

  it('given a filter with a dimension, when the summary is computed, then it reads the durations rows and not the times rows', async () => {
    const recording = recordingQueries(views);
    const [now] = await sampleInstants(views, 1, 1);
    await slaSummaryUntil(recording.views, { category: 'billing' }, now, 1);
    expect(recording.queried).toContain(slaDurationsView.name);
    expect(recording.queried).not.toContain(slaTimesView.name);
  });

  it('given filters without dimensions, then the summary still equals the fold over every row', async () => {
    const filters: SlaFilter[] = [{}, { from: Date.parse('2026-03-03T00:00:00Z') }, { to: Date.parse('2026-03-07T05:00:00Z') }, { from: Date.parse('2026-03-02T07:00:00Z'), to: Date.parse('2026-03-10T00:00:00Z') }];
    const instants = await sampleInstants(views, 4, 20);
    expect(await expectSummariesMatchFold(views, filters, instants)).toBe(filters.length * instants.length);
  });
});
