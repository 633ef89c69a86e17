import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import type { IngestOrigin } from '../../../../libs/ingestion/ingest-ledger.port';
import type { IngestOutcome } from '../../../../libs/ingestion/ingest-outcome';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import type { BodyItem } from './ingest-body';

export interface IngestReport {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Whether the views already include what was accepted (waits briefly when this process projects, inline or in its thread). */
  projected: boolean;
  results: Array<{ index: number } & IngestOutcome>;
}

export class IngestEnvelopesCommand extends Command<IngestReport> {
  constructor(
    readonly items: BodyItem[],
    readonly origin: IngestOrigin,
  ) {
    super();
  }
}

/** Ingest items in order (order matters within a stream) as one batch, then wait briefly for the views. */
@CommandHandler(IngestEnvelopesCommand)
export class IngestEnvelopesHandler implements ICommandHandler<IngestEnvelopesCommand, IngestReport> {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ items, origin }: IngestEnvelopesCommand): Promise<IngestReport> {
    const report: IngestReport = { accepted: 0, duplicate: 0, rejected: 0, projected: true, results: [] };
    let lastPosition = 0;
    const parsed = items.flatMap((item, index) => ('value' in item ? [{ index, value: item.value }] : []));
    const decided = await this.runtime.ingestor.ingestMany(
      parsed.map((p) => p.value),
      origin,
    );
    const byIndex = new Map(parsed.map((p, i) => [p.index, decided[i]]));
    for (const [index, item] of items.entries()) {
      const outcome = 'error' in item ? item.error : byIndex.get(index)!;
      report[outcome.status]++;
      if (outcome.status === 'accepted' && outcome.position)
        lastPosition = Math.max(lastPosition, outcome.position);
      report.results.push({ index, ...outcome });
    }
    const { projector, ingestWaitMs } = this.runtime.config;
    if (lastPosition > 0 && projector !== 'off') {
      report.projected =
        ingestWaitMs > 0
          ? await this.runtime.projector.waitFor(lastPosition, ingestWaitMs)
          : this.runtime.projector.position() >= lastPosition;
    }
    return report;
  }
}
