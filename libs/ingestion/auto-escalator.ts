import { escalationReason, escalationsDue, type AutoEscalationOptions } from '../domain/policies/auto-escalation';
import { slaComplaintsView, type SlaRow } from '../projections/sla/sla-row';
import type { ViewStore } from '../projections/view-store.port';
import type { Envelope } from '../integrations/envelope';
import type { Ingestor } from './ingestor';
import type { IngestOutcome } from './ingest-outcome';

/**
 * Runs the auto-escalation policy: finds open complaints near a deadline in the SLA view and
 * escalates them through the ordinary ingest path. The deadline is data, not a timer: any sweep
 * (after a restart too) acts on it, and the idempotency key makes each escalation happen once.
 */
export class AutoEscalator {
  constructor(
    private readonly views: ViewStore,
    private readonly ingestor: Ingestor,
    private readonly options: AutoEscalationOptions,
  ) {}

  async sweep(now: number): Promise<IngestOutcome[]> {
    if (this.options.leadMs <= 0) return [];
    const window = { from: now - this.options.catchUpMs, to: now + this.options.leadMs };
    const near = (column: string) =>
      this.views.query(slaComplaintsView, {
        where: [
          { column: 'status', op: '=', value: 'open' },
          { column, op: '>', value: window.from },
          { column, op: '<=', value: window.to },
        ],
      });
    const rows = new Map<string, SlaRow>();
    for (const row of [...(await near('tier10_from')), ...(await near('resolve_by'))]) rows.set(row.complaintId, row);
    const outcomes: IngestOutcome[] = [];
    for (const row of rows.values()) {
      let level = row.escalationLevel;
      for (const due of escalationsDue(row, now, this.options)) {
        level = Math.min(10, level + 1);
        const envelope: Envelope = {
          source: 'tenfold-policy',
          sourceEventId: `escalate:${due.trigger}:${row.complaintId}:${due.deadline}`,
          type: 'complaint.escalated',
          occurredAt: new Date(now).toISOString(),
          actor: 'policy:auto-escalation',
          data: { complaintId: row.complaintId, level, reason: escalationReason(due), by: 'policy' },
        };
        outcomes.push(await this.ingestor.ingest(envelope, 'retry'));
      }
    }
    return outcomes;
  }
}
