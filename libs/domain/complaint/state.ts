import type { Severity } from './events';

/** What every raised complaint knows, whatever its status. */
export interface ComplaintDetails {
  complaintId: string;
  customerId: string;
  channel: string;
  category: string;
  severity: Severity;
  formal: boolean;
  summary: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  assignee: string | null;
  team: string | null;
  escalationLevel: number;
  reopenCount: number;
}

export type Complaint =
  | { status: 'none' }
  | { status: 'open'; details: ComplaintDetails }
  | { status: 'resolved'; details: ComplaintDetails; resolvedAt: string; resolution: string }
  | { status: 'withdrawn'; details: ComplaintDetails; withdrawnAt: string };

export const initialComplaint = (): Complaint => ({ status: 'none' });
