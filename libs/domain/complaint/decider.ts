import { assertNever, toMillis, type PendingEvent } from '../shared/event';
import type { Decider } from '../shared/decider';
import type { ComplaintCommand } from './commands';
import { COMPLAINT_RAISED_KEYS, type ComplaintEvent, type ComplaintRaised } from './events';
import { hasKeysInOrder } from '../shared/key-order';
import type { Complaint, ComplaintDetails } from './state';
import { initialComplaint } from './state';
import {
  ComplaintAlreadyAcknowledged,
  ComplaintAlreadyRaised,
  ComplaintAlreadyResolved,
  ComplaintIsWithdrawn,
  ComplaintNotFound,
  ComplaintNotOpen,
  ComplaintNotResolved,
  ResolutionBeforeRaise,
} from './errors';

type Emitted = PendingEvent<ComplaintEvent['type'], ComplaintEvent['data']>;
type Raised = Exclude<Complaint, { status: 'none' }>;

const requireRaised = (command: ComplaintCommand, state: Complaint): Raised => {
  if (state.status === 'none') throw new ComplaintNotFound(command.data.complaintId);
  if (state.status === 'withdrawn') throw new ComplaintIsWithdrawn(command.data.complaintId);
  return state;
};

const requireOpen = (command: ComplaintCommand, state: Complaint): Raised => {
  const raised = requireRaised(command, state);
  if (raised.status !== 'open') throw new ComplaintNotOpen(command.data.complaintId, raised.status);
  return raised;
};

/** Decide which events a complaint command produces, or refuse it with a named domain error. */
export const decideComplaint = (command: ComplaintCommand, state: Complaint): Emitted[] => {
  switch (command.type) {
    case 'RaiseComplaint':
      if (state.status !== 'none') throw new ComplaintAlreadyRaised(command.data.complaintId);
      return [{ type: 'ComplaintRaised', data: command.data }];
    case 'AcknowledgeComplaint': {
      const raised = requireOpen(command, state);
      if (raised.details.acknowledgedAt !== null) throw new ComplaintAlreadyAcknowledged(command.data.complaintId);
      return [{ type: 'ComplaintAcknowledged', data: command.data }];
    }
    case 'AssignComplaint':
      requireOpen(command, state);
      return [{ type: 'ComplaintAssigned', data: command.data }];
    case 'EscalateComplaint':
      requireOpen(command, state);
      return [{ type: 'ComplaintEscalated', data: command.data }];
    case 'ResolveComplaint': {
      const raised = requireRaised(command, state);
      if (raised.status === 'resolved') throw new ComplaintAlreadyResolved(command.data.complaintId);
      if (toMillis(command.metadata.occurredAt) < toMillis(raised.details.raisedAt)) {
        throw new ResolutionBeforeRaise(command.data.complaintId, raised.details.raisedAt, command.metadata.occurredAt);
      }
      return [{ type: 'ComplaintResolved', data: command.data }];
    }
    case 'ReopenComplaint': {
      const raised = requireRaised(command, state);
      if (raised.status !== 'resolved') throw new ComplaintNotResolved(command.data.complaintId);
      return [{ type: 'ComplaintReopened', data: command.data }];
    }
    case 'WithdrawComplaint': {
      const raised = requireRaised(command, state);
      if (raised.status === 'resolved') throw new ComplaintAlreadyResolved(command.data.complaintId);
      return [{ type: 'ComplaintWithdrawn', data: command.data }];
    }
    default:
      return assertNever(command);
  }
};

const withDetails = (state: Complaint, change: (d: ComplaintDetails) => ComplaintDetails): Complaint =>
  state.status === 'none' ? state : { ...state, details: change(state.details) };

/**
 * The details a raise starts with: the event's data, then the rest, as `{ ...data, raisedAt, … }`
 * gives them; copied field by field when the data has the schema's keys in order (see
 * `hasKeysInOrder`: a spread would give every complaint's details a hidden class of its own).
 */
const raisedDetails = (data: ComplaintRaised['data'], at: string): ComplaintDetails => {
  const rest = { raisedAt: at, acknowledgedAt: null, assignee: null, team: null, escalationLevel: 0, reopenCount: 0 };
  if (!hasKeysInOrder(data, COMPLAINT_RAISED_KEYS)) return { ...data, ...rest };
  return {
    complaintId: data.complaintId,
    customerId: data.customerId,
    channel: data.channel,
    category: data.category,
    severity: data.severity,
    summary: data.summary,
    formal: data.formal,
    raisedAt: at,
    acknowledgedAt: null,
    assignee: null,
    team: null,
    escalationLevel: 0,
    reopenCount: 0,
  };
};

/** Fold one complaint event into the state. */
export const evolveComplaint = (state: Complaint, event: ComplaintEvent): Complaint => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'ComplaintRaised':
      return { status: 'open', details: raisedDetails(event.data, at) };
    case 'ComplaintAcknowledged':
      return withDetails(state, (d) => ({ ...d, acknowledgedAt: at }));
    case 'ComplaintAssigned':
      return withDetails(state, (d) => ({ ...d, assignee: event.data.assignee, team: event.data.team }));
    case 'ComplaintEscalated':
      return withDetails(state, (d) => ({ ...d, escalationLevel: Math.max(d.escalationLevel, event.data.level) }));
    case 'ComplaintResolved':
      return state.status === 'none'
        ? state
        : { status: 'resolved', details: state.details, resolvedAt: at, resolution: event.data.resolution };
    case 'ComplaintReopened':
      return state.status === 'none'
        ? state
        : { status: 'open', details: { ...state.details, reopenCount: state.details.reopenCount + 1 } };
    case 'ComplaintWithdrawn':
      return state.status === 'none' ? state : { status: 'withdrawn', details: state.details, withdrawnAt: at };
    default:
      return assertNever(event);
  }
};

export const complaintDecider: Decider<Complaint, ComplaintCommand, ComplaintEvent> = {
  decide: decideComplaint,
  evolve: evolveComplaint,
  initialState: initialComplaint,
};
