import type { ViewStore } from '../view-store.port';
import type { SlaFilter } from './sla-filter';
import type { SlaSummary } from './sla-schemas';
import { slaSummaryUntil } from './sla-summary-query';

interface Entry {
  position: number;
  computedAt: number;
  validUntil: number;
  summary: SlaSummary;
}

/**
 * Remembers SLA summaries per filter. An answer stays exact while the SLA view's checkpoint is
 * unchanged (no new events) and no open complaint has reached its next tier or SLA deadline.
 */
export class SlaSummaryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly projection = 'sla',
    private readonly maxEntries = 256,
  ) {}

  async summary(views: ViewStore, filter: SlaFilter, now: number, unitCost: number): Promise<SlaSummary> {
    const position = await views.checkpoint(this.projection);
    const key = JSON.stringify([unitCost, Object.entries(filter).sort()]);
    const hit = this.entries.get(key);
    if (hit && hit.position === position && now >= hit.computedAt && now < hit.validUntil) {
      return { ...hit.summary, asOf: new Date(now).toISOString() };
    }
    const { summary, validUntil } = await slaSummaryUntil(views, filter, now, unitCost);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { position, computedAt: now, validUntil, summary });
    return summary;
  }
}
