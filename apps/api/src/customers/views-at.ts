import { viewsAsOf } from '../../../../libs/projections/as-of';
import type { ViewStore } from '../../../../libs/projections/view-store.port';
import type { Runtime } from '../../../../libs/runtime/runtime';

/** The live views, or the named projection's views folded from the log as of an instant (only that one is folded). */
export const viewsAt = async (runtime: Runtime, projection: string, asOf?: number): Promise<ViewStore> =>
  asOf === undefined
    ? runtime.views
    : viewsAsOf(
        runtime.store,
        runtime.projector.projections.filter((p) => p.name === projection),
        asOf,
      );
