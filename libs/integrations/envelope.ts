import { z } from 'zod';
import type { DomainEventType } from '../domain/events';
import type { ComplaintCommand } from '../domain/complaint/commands';
import type { CustomerCommand } from '../domain/customer/commands';

/** Where an envelope type goes: the command it becomes, the event it records, the stream it lands in. */
interface Route {
  command: (ComplaintCommand | CustomerCommand)['type'];
  event: DomainEventType;
  stream: 'complaint' | 'customer';
}

export const ENVELOPE_ROUTES = {
  'complaint.raised': { command: 'RaiseComplaint', event: 'ComplaintRaised', stream: 'complaint' },
  'complaint.acknowledged': { command: 'AcknowledgeComplaint', event: 'ComplaintAcknowledged', stream: 'complaint' },
  'complaint.assigned': { command: 'AssignComplaint', event: 'ComplaintAssigned', stream: 'complaint' },
  'complaint.escalated': { command: 'EscalateComplaint', event: 'ComplaintEscalated', stream: 'complaint' },
  'complaint.resolved': { command: 'ResolveComplaint', event: 'ComplaintResolved', stream: 'complaint' },
  'complaint.reopened': { command: 'ReopenComplaint', event: 'ComplaintReopened', stream: 'complaint' },
  'complaint.withdrawn': { command: 'WithdrawComplaint', event: 'ComplaintWithdrawn', stream: 'complaint' },
  'customer.registered': { command: 'RegisterCustomer', event: 'CustomerRegistered', stream: 'customer' },
  'customer.purchased': { command: 'RecordPurchase', event: 'PurchaseRecorded', stream: 'customer' },
  'customer.referred': { command: 'RecordReferral', event: 'CustomerReferred', stream: 'customer' },
  'customer.referral_converted': { command: 'ConvertReferral', event: 'ReferralConverted', stream: 'customer' },
  'customer.suggested': { command: 'RecordSuggestion', event: 'SuggestionMade', stream: 'customer' },
  'customer.partnership_signed': { command: 'SignPartnership', event: 'PartnershipSigned', stream: 'customer' },
  'customer.churned': { command: 'ChurnCustomer', event: 'CustomerChurned', stream: 'customer' },
  'customer.reactivated': { command: 'ReactivateCustomer', event: 'CustomerReactivated', stream: 'customer' },
  'satisfaction.recorded': { command: 'RecordSatisfaction', event: 'SatisfactionRecorded', stream: 'customer' },
} as const satisfies Record<string, Route>;

export type EnvelopeType = keyof typeof ENVELOPE_ROUTES;
export const ENVELOPE_TYPES = Object.keys(ENVELOPE_ROUTES) as [EnvelopeType, ...EnvelopeType[]];

const token = z.string().trim().min(1).max(200);

/** The ingestion envelope, the same over HTTP and Kafka (DESIGN §3). */
export const envelopeSchema = z.object({
  source: token.describe('The desk or system that emitted the event, e.g. zendesk'),
  sourceEventId: token.describe("The event's id at the source; (source, sourceEventId) is the idempotency key"),
  type: z.enum(ENVELOPE_TYPES),
  occurredAt: z.iso.datetime({ offset: true }).describe('When it happened at the desk (business time)'),
  actor: token.optional(),
  correlationId: token.optional(),
  causationId: token.optional(),
  data: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const idempotencyKeyOf = (envelope: Pick<Envelope, 'source' | 'sourceEventId'>): string =>
  `${envelope.source}:${envelope.sourceEventId}`;

export const routeOf = (type: EnvelopeType): Route => ENVELOPE_ROUTES[type];

/** The id of the complaint or customer an envelope is about (its Kafka key, its stream). */
export const entityIdOf = (envelope: Envelope): string | undefined => {
  const route = routeOf(envelope.type);
  const value = route.stream === 'complaint' ? envelope.data.complaintId : envelope.data.customerId;
  return typeof value === 'string' ? value : undefined;
};
