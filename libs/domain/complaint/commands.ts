import type { z } from 'zod';
import type { Command } from '../shared/decider';
import type {
  complaintAcknowledgedV1,
  complaintAssignedV1,
  complaintEscalatedV1,
  complaintRaisedV1,
  complaintReopenedV1,
  complaintResolvedV1,
  complaintWithdrawnV1,
} from './events';

export type RaiseComplaint = Command<'RaiseComplaint', z.infer<typeof complaintRaisedV1>>;
export type AcknowledgeComplaint = Command<'AcknowledgeComplaint', z.infer<typeof complaintAcknowledgedV1>>;
export type AssignComplaint = Command<'AssignComplaint', z.infer<typeof complaintAssignedV1>>;
export type EscalateComplaint = Command<'EscalateComplaint', z.infer<typeof complaintEscalatedV1>>;
export type ResolveComplaint = Command<'ResolveComplaint', z.infer<typeof complaintResolvedV1>>;
export type ReopenComplaint = Command<'ReopenComplaint', z.infer<typeof complaintReopenedV1>>;
export type WithdrawComplaint = Command<'WithdrawComplaint', z.infer<typeof complaintWithdrawnV1>>;

export type ComplaintCommand =
  | RaiseComplaint
  | AcknowledgeComplaint
  | AssignComplaint
  | EscalateComplaint
  | ResolveComplaint
  | ReopenComplaint
  | WithdrawComplaint;
