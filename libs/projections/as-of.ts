import type { EventStore } from '../event-store/event-store.port';
import { MemoryViewStore } from './memory/memory-view-store';
import { Projector } from './projector';
import type { Projection, ViewStore } from './view-store.port';

/** Views as they were at `asOf`: the same projections folded in memory over events recorded by then. */
export const viewsAsOf = async (store: EventStore, projections: Projection[], asOf: number): Promise<ViewStore> => {
  const views = new MemoryViewStore();
  await new Projector(store, views, projections).catchUp({ recordedUpTo: asOf });
  return views;
};
