import { DomainError, StreamNotFound } from '../shared/domain-error';

export class ComplaintNotFound extends StreamNotFound {
  constructor(complaintId: string) {
    super('complaint_not_found', `Complaint ${complaintId} has not been raised`, { complaintId });
  }
}
export class ComplaintAlreadyRaised extends DomainError {
  constructor(complaintId: string) {
    super('complaint_already_raised', `Complaint ${complaintId} was already raised`, { complaintId });
  }
}
export class ComplaintAlreadyResolved extends DomainError {
  constructor(complaintId: string) {
    super('complaint_already_resolved', `Complaint ${complaintId} is already resolved`, { complaintId });
  }
}
export class ComplaintAlreadyAcknowledged extends DomainError {
  constructor(complaintId: string) {
    super('complaint_already_acknowledged', `Complaint ${complaintId} was already acknowledged`, { complaintId });
  }
}
export class ComplaintNotOpen extends DomainError {
  constructor(complaintId: string, status: string) {
    super('complaint_not_open', `Complaint ${complaintId} is ${status}, not open`, { complaintId, status });
  }
}
export class ComplaintNotResolved extends DomainError {
  constructor(complaintId: string) {
    super('complaint_not_resolved', `Complaint ${complaintId} is not resolved, so it cannot be reopened`, {
      complaintId,
    });
  }
}
export class ComplaintIsWithdrawn extends DomainError {
  constructor(complaintId: string) {
    super('complaint_withdrawn', `Complaint ${complaintId} was withdrawn`, { complaintId });
  }
}
export class ResolutionBeforeRaise extends DomainError {
  constructor(complaintId: string, raisedAt: string, resolvedAt: string) {
    super(
      'resolution_before_raise',
      `Complaint ${complaintId} cannot be resolved at ${resolvedAt}, before it was raised at ${raisedAt}`,
      { complaintId, raisedAt, resolvedAt },
    );
  }
}
