/** The answer for one ingested item. */
export type IngestOutcome =
  | { status: 'accepted'; eventId: string; streamId: string; position?: number; parked?: boolean }
  | { status: 'duplicate'; eventId: string; streamId: string; parked?: boolean }
  | { status: 'rejected'; reason: string; message: string; issues: IngestIssue[] };

/** One validation problem, zod-style: where, what, and zod's code. */
export interface IngestIssue {
  path: Array<string | number>;
  message: string;
  code: string;
}

export const rejected = (reason: string, message: string, issues: IngestIssue[] = []): IngestOutcome => ({
  status: 'rejected',
  reason,
  message,
  issues,
});
