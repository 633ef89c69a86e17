import { z } from 'zod';
import type { Event } from '../shared/event';
import { moneySchema } from '../complaint/events';

const id = z.string().trim().min(1).max(200);

/** Version 1 data schemas of the customer stream's events. */
export const customerRegisteredV1 = z.object({
  customerId: id,
  name: z.string().trim().min(1).max(500).optional(),
  segment: z.string().trim().min(1).max(200).optional(),
  keyAccount: z.boolean().default(false),
});
export const purchaseRecordedV1 = z.object({
  customerId: id,
  amount: z.number().finite().positive(),
  currency: moneySchema.shape.currency,
});
export const customerReferredV1 = z.object({
  customerId: id,
  referralId: id,
  referredName: z.string().trim().min(1).max(500).optional(),
});
export const referralConvertedV1 = z.object({ customerId: id, referralId: id, newCustomerId: id });
export const suggestionMadeV1 = z.object({ customerId: id, text: z.string().trim().min(1).max(10_000) });
export const partnershipSignedV1 = z.object({ customerId: id, level: z.enum(['engaged', 'married']) });
export const customerChurnedV1 = z.object({ customerId: id, reason: z.string().trim().min(1).max(10_000) });
export const customerReactivatedV1 = z.object({ customerId: id });
export const satisfactionRecordedV1 = z
  .object({
    customerId: id,
    kind: z.enum(['csat', 'nps']),
    score: z.number().int(),
    complaintId: id.optional(),
    comment: z.string().trim().max(10_000).optional(),
  })
  .superRefine((value, ctx) => {
    const [min, max] = value.kind === 'csat' ? [1, 5] : [0, 10];
    if (value.score < min || value.score > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `${value.kind} score must be between ${min} and ${max}`,
      });
    }
  });

export const customerEventSchemas = {
  CustomerRegistered: customerRegisteredV1,
  PurchaseRecorded: purchaseRecordedV1,
  CustomerReferred: customerReferredV1,
  ReferralConverted: referralConvertedV1,
  SuggestionMade: suggestionMadeV1,
  PartnershipSigned: partnershipSignedV1,
  CustomerChurned: customerChurnedV1,
  CustomerReactivated: customerReactivatedV1,
  SatisfactionRecorded: satisfactionRecordedV1,
} as const;

export type CustomerRegistered = Event<'CustomerRegistered', z.infer<typeof customerRegisteredV1>>;
export type PurchaseRecorded = Event<'PurchaseRecorded', z.infer<typeof purchaseRecordedV1>>;
export type CustomerReferred = Event<'CustomerReferred', z.infer<typeof customerReferredV1>>;
export type ReferralConverted = Event<'ReferralConverted', z.infer<typeof referralConvertedV1>>;
export type SuggestionMade = Event<'SuggestionMade', z.infer<typeof suggestionMadeV1>>;
export type PartnershipSigned = Event<'PartnershipSigned', z.infer<typeof partnershipSignedV1>>;
export type CustomerChurned = Event<'CustomerChurned', z.infer<typeof customerChurnedV1>>;
export type CustomerReactivated = Event<'CustomerReactivated', z.infer<typeof customerReactivatedV1>>;
export type SatisfactionRecorded = Event<'SatisfactionRecorded', z.infer<typeof satisfactionRecordedV1>>;

export type CustomerEvent =
  | CustomerRegistered
  | PurchaseRecorded
  | CustomerReferred
  | ReferralConverted
  | SuggestionMade
  | PartnershipSigned
  | CustomerChurned
  | CustomerReactivated
  | SatisfactionRecorded;

export const customerStreamId = (customerId: string): string => `customer-${customerId}`;
