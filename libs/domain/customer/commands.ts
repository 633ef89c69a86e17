import type { z } from 'zod';
import type { Command } from '../shared/decider';
import type {
  customerChurnedV1,
  customerReactivatedV1,
  customerReferredV1,
  customerRegisteredV1,
  partnershipSignedV1,
  purchaseRecordedV1,
  referralConvertedV1,
  satisfactionRecordedV1,
  suggestionMadeV1,
} from './events';

export type RegisterCustomer = Command<'RegisterCustomer', z.infer<typeof customerRegisteredV1>>;
export type RecordPurchase = Command<'RecordPurchase', z.infer<typeof purchaseRecordedV1>>;
export type RecordReferral = Command<'RecordReferral', z.infer<typeof customerReferredV1>>;
export type ConvertReferral = Command<'ConvertReferral', z.infer<typeof referralConvertedV1>>;
export type RecordSuggestion = Command<'RecordSuggestion', z.infer<typeof suggestionMadeV1>>;
export type SignPartnership = Command<'SignPartnership', z.infer<typeof partnershipSignedV1>>;
export type ChurnCustomer = Command<'ChurnCustomer', z.infer<typeof customerChurnedV1>>;
export type ReactivateCustomer = Command<'ReactivateCustomer', z.infer<typeof customerReactivatedV1>>;
export type RecordSatisfaction = Command<'RecordSatisfaction', z.infer<typeof satisfactionRecordedV1>>;

export type CustomerCommand =
  | RegisterCustomer
  | RecordPurchase
  | RecordReferral
  | ConvertReferral
  | RecordSuggestion
  | SignPartnership
  | ChurnCustomer
  | ReactivateCustomer
  | RecordSatisfaction;
