import type { z } from 'zod';
import { complaintDecider } from '../domain/complaint/decider';
import { complaintStreamId } from '../domain/complaint/events';
import type { ComplaintCommand } from '../domain/complaint/commands';
import { customerDecider } from '../domain/customer/decider';
import { customerStreamId } from '../domain/customer/events';
import type { CustomerCommand } from '../domain/customer/commands';
import { dataSchemaOf } from '../domain/events';
import type { Decider } from '../domain/shared/decider';
import type { Event } from '../domain/shared/event';
import { envelopeSchema, ENVELOPE_TYPES, routeOf, type Envelope } from '../integrations/envelope';
import { rejected, type IngestIssue, type IngestOutcome } from './ingest-outcome';

/** A validated envelope turned into the command it asks for, with the stream and decider it goes to. */
export interface RoutedCommand {
  envelope: Envelope;
  streamId: string;
  command: ComplaintCommand | CustomerCommand;
  decider: Decider<unknown, ComplaintCommand | CustomerCommand, Event<string, unknown>>;
}

const toIssues = (error: z.ZodError, prefix: Array<string | number> = []): IngestIssue[] =>
  error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message, code: i.code }));

/** Validate an envelope and its data against the event's versioned schema; route it to a command. */
export const routeEnvelope = (raw: unknown): RoutedCommand | IngestOutcome => {
  if (typeof raw === 'object' && raw !== null && 'type' in raw) {
    const type = (raw as { type: unknown }).type;
    if (typeof type === 'string' && !(ENVELOPE_TYPES as string[]).includes(type)) {
      return rejected('unknown_type', `Unknown event type "${type}"; expected one of ${ENVELOPE_TYPES.join(', ')}`, [
        { path: ['type'], message: 'unknown event type', code: 'invalid_value' },
      ]);
    }
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) return rejected('invalid_envelope', 'The envelope does not match the contract', toIssues(parsed.error));
  const envelope = parsed.data;
  const route = routeOf(envelope.type);
  const data = dataSchemaOf(route.event).safeParse(envelope.data);
  if (!data.success) {
    return rejected('invalid_data', `The data of ${envelope.type} does not match ${route.event} v1`, toIssues(data.error, ['data']));
  }
  const payload = data.data as Record<string, string>;
  const metadata = {
    occurredAt: envelope.occurredAt,
    source: envelope.source,
    sourceEventId: envelope.sourceEventId,
    ...(envelope.actor ? { actor: envelope.actor } : {}),
    ...(envelope.correlationId ? { correlationId: envelope.correlationId } : {}),
    ...(envelope.causationId ? { causationId: envelope.causationId } : {}),
  };
  const command = { type: route.command, data: payload, metadata } as ComplaintCommand | CustomerCommand;
  const isComplaint = route.stream === 'complaint';
  return {
    envelope,
    command,
    streamId: isComplaint ? complaintStreamId(payload.complaintId) : customerStreamId(payload.customerId),
    decider: (isComplaint ? complaintDecider : customerDecider) as RoutedCommand['decider'],
  };
};

export const isOutcome = (value: RoutedCommand | IngestOutcome): value is IngestOutcome => 'status' in value;
