import type { IngestLedger } from './ingest-ledger.port';
import type { Ingestor } from './ingestor';
import { rejected, type IngestOutcome } from './ingest-outcome';

export class DeadLetterNotFound extends Error {
  constructor(readonly id: number) {
    super(`Dead letter ${id} does not exist`);
  }
}

/**
 * Re-submit a dead letter through the normal ingest path, optionally with a corrected envelope.
 * It is resolved when the retry is accepted (or found to be stored already); otherwise it stays open.
 */
export const retryDeadLetter = async (
  ledger: IngestLedger,
  ingestor: Ingestor,
  id: number,
  now: number,
  replacement?: unknown,
): Promise<IngestOutcome> => {
  const letter = await ledger.getDeadLetter(id);
  if (!letter) throw new DeadLetterNotFound(id);
  let envelope: unknown = replacement;
  if (envelope === undefined) {
    try {
      envelope = JSON.parse(letter.payload);
    } catch {
      const outcome = rejected('invalid_json', 'The stored payload is not JSON; retry with a corrected envelope in the body');
      await ledger.recordRetry(id, { resolved: false, outcome: 'rejected:invalid_json', at: now });
      return outcome;
    }
  }
  const outcome = await ingestor.ingest(envelope, 'retry');
  const resolved = outcome.status !== 'rejected';
  await ledger.recordRetry(id, {
    resolved,
    outcome: outcome.status === 'rejected' ? `rejected:${outcome.reason}` : outcome.status,
    at: now,
    ...(replacement !== undefined ? { payload: JSON.stringify(replacement) } : {}),
  });
  return outcome;
};
