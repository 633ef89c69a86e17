import { z } from 'zod';
import type { Event } from '../shared/event';

export const severitySchema = z.enum(['low', 'normal', 'high', 'critical']);
export type Severity = z.infer<typeof severitySchema>;

const id = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(10_000);
export const moneySchema = z.object({
  amount: z.number().finite().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR'),
});

/** Version 1 data schemas of the complaint stream's events. */
export const complaintRaisedV1 = z.object({
  complaintId: id,
  customerId: id,
  channel: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(200),
  severity: severitySchema.default('normal'),
  summary: z.string().trim().max(10_000).default(''),
  formal: z.boolean().default(true),
});
/** The keys of parsed raise data, in the order the schema gives them (see `hasKeysInOrder`). */
export const COMPLAINT_RAISED_KEYS: readonly string[] = Object.keys(complaintRaisedV1.shape);
export const complaintAcknowledgedV1 = z.object({ complaintId: id, by: id });
export const complaintAssignedV1 = z.object({ complaintId: id, assignee: id, team: id });
export const complaintEscalatedV1 = z.object({
  complaintId: id,
  level: z.number().int().min(1).max(10),
  reason: text,
  by: z.enum(['agent', 'customer', 'policy']),
});
export const complaintResolvedV1 = z.object({
  complaintId: id,
  resolution: text,
  compensation: moneySchema.optional(),
});
export const complaintReopenedV1 = z.object({ complaintId: id, reason: text });
export const complaintWithdrawnV1 = z.object({ complaintId: id, reason: text });

export const complaintEventSchemas = {
  ComplaintRaised: complaintRaisedV1,
  ComplaintAcknowledged: complaintAcknowledgedV1,
  ComplaintAssigned: complaintAssignedV1,
  ComplaintEscalated: complaintEscalatedV1,
  ComplaintResolved: complaintResolvedV1,
  ComplaintReopened: complaintReopenedV1,
  ComplaintWithdrawn: complaintWithdrawnV1,
} as const;

export type ComplaintRaised = Event<'ComplaintRaised', z.infer<typeof complaintRaisedV1>>;
export type ComplaintAcknowledged = Event<'ComplaintAcknowledged', z.infer<typeof complaintAcknowledgedV1>>;
export type ComplaintAssigned = Event<'ComplaintAssigned', z.infer<typeof complaintAssignedV1>>;
export type ComplaintEscalated = Event<'ComplaintEscalated', z.infer<typeof complaintEscalatedV1>>;
export type ComplaintResolved = Event<'ComplaintResolved', z.infer<typeof complaintResolvedV1>>;
export type ComplaintReopened = Event<'ComplaintReopened', z.infer<typeof complaintReopenedV1>>;
export type ComplaintWithdrawn = Event<'ComplaintWithdrawn', z.infer<typeof complaintWithdrawnV1>>;

export type ComplaintEvent =
  | ComplaintRaised
  | ComplaintAcknowledged
  | ComplaintAssigned
  | ComplaintEscalated
  | ComplaintResolved
  | ComplaintReopened
  | ComplaintWithdrawn;

export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;
