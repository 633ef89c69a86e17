import { at, deciderSpecification } from '../testing/decider-specification';
import type { ComplaintCommand } from './commands';
import { complaintDecider, evolveComplaint } from './decider';
import type { ComplaintEvent } from './events';
import { initialComplaint } from './state';

const given = deciderSpecification(complaintDecider);
const raisedData = { complaintId: 'C-1', customerId: 'K-1', channel: 'email', category: 'billing', severity: 'normal' as const, summary: 'x', formal: true };
const raised = (time = '2026-03-01T09:00:00Z') => at(time, 'ComplaintRaised', raisedData) as ComplaintEvent;
const resolved = (time: string) => at(time, 'ComplaintResolved', { complaintId: 'C-1', resolution: 'fixed' }) as ComplaintEvent;
const reopened = (time: string) => at(time, 'ComplaintReopened', { complaintId: 'C-1', reason: 'again' }) as ComplaintEvent;
const withdrawn = (time: string) => at(time, 'ComplaintWithdrawn', { complaintId: 'C-1', reason: 'no' }) as ComplaintEvent;
const acknowledged = (time: string) => at(time, 'ComplaintAcknowledged', { complaintId: 'C-1', by: 'ana' }) as ComplaintEvent;

const command = <T extends ComplaintCommand['type']>(type: T, occurredAt: string, data: Record<string, unknown>) =>
  ({ type, data: { complaintId: 'C-1', ...data }, metadata: { occurredAt, source: 'test' } }) as unknown as ComplaintCommand;
const resolve = (time: string) => command('ResolveComplaint', time, { resolution: 'fixed' });

describe('complaint decider', () => {
  it('starts the details of a raise as a spread of its data would, whatever the data key order', () => {
    const rest = { raisedAt: '2026-03-01T09:00:00.000Z', acknowledgedAt: null, assignee: null, team: null, escalationLevel: 0, reopenCount: 0 };
    const { severity, ...others } = raisedData;
    const reordered = { severity, ...others };
    for (const data of [raisedData, reordered]) {
      const state = evolveComplaint(initialComplaint(), { ...raised(), data } as ComplaintEvent);
      expect(state.status === 'open' && JSON.stringify(state.details)).toBe(JSON.stringify({ ...data, ...rest }));
    }
  });

  it('raises a new complaint', () => {
    given([]).when(command('RaiseComplaint', '2026-03-01T09:00:00Z', raisedData)).then([{ type: 'ComplaintRaised', data: raisedData }]);
  });

  it('refuses to raise the same complaint twice', () => {
    given([raised()]).when(command('RaiseComplaint', '2026-03-01T10:00:00Z', raisedData)).thenThrows('complaint_already_raised');
  });

  it('resolves an open complaint', () => {
    given([raised()])
      .when(resolve('2026-03-02T08:00:00Z'))
      .then([{ type: 'ComplaintResolved', data: { complaintId: 'C-1', resolution: 'fixed' } }]);
  });

  it('refuses a resolution before the raise', () => {
    given([raised()]).when(resolve('2026-03-01T08:59:59Z')).thenThrows('resolution_before_raise');
  });

  it('asks for parking when the complaint was never raised', () => {
    given([]).when(resolve('2026-03-02T08:00:00Z')).thenThrows('complaint_not_found');
  });

  it('refuses to resolve twice, but resolves again after a reopen', () => {
    given([raised(), resolved('2026-03-01T10:00:00Z')]).when(resolve('2026-03-01T11:00:00Z')).thenThrows('complaint_already_resolved');
    given([raised(), resolved('2026-03-01T10:00:00Z'), reopened('2026-03-02T10:00:00Z')])
      .when(resolve('2026-03-04T10:00:00Z'))
      .then([{ type: 'ComplaintResolved', data: { complaintId: 'C-1', resolution: 'fixed' } }]);
  });

  it('reopens only a resolved complaint', () => {
    given([raised()]).when(command('ReopenComplaint', '2026-03-02T08:00:00Z', { reason: 'r' })).thenThrows('complaint_not_resolved');
  });

  it('refuses any change to a withdrawn complaint', () => {
    given([raised(), withdrawn('2026-03-01T09:30:00Z')]).when(resolve('2026-03-02T08:00:00Z')).thenThrows('complaint_withdrawn');
    given([raised(), withdrawn('2026-03-01T09:30:00Z')])
      .when(command('AcknowledgeComplaint', '2026-03-01T10:00:00Z', { by: 'ana' }))
      .thenThrows('complaint_withdrawn');
  });

  it('refuses to withdraw a resolved complaint and to acknowledge twice', () => {
    given([raised(), resolved('2026-03-01T10:00:00Z')])
      .when(command('WithdrawComplaint', '2026-03-01T11:00:00Z', { reason: 'r' }))
      .thenThrows('complaint_already_resolved');
    given([raised(), acknowledged('2026-03-01T09:10:00Z')])
      .when(command('AcknowledgeComplaint', '2026-03-01T09:20:00Z', { by: 'bob' }))
      .thenThrows('complaint_already_acknowledged');
  });

  it('refuses to escalate or assign a complaint that is not open', () => {
    given([raised(), resolved('2026-03-01T10:00:00Z')])
      .when(command('EscalateComplaint', '2026-03-01T11:00:00Z', { level: 1, reason: 'r', by: 'agent' }))
      .thenThrows('complaint_not_open');
  });

  it('folds status and times from business time', () => {
    const events = [raised(), acknowledged('2026-03-01T09:10:00Z'), resolved('2026-03-01T10:00:00Z'), reopened('2026-03-02T09:00:00Z')];
    const state = events.reduce(evolveComplaint, initialComplaint());
    expect(state).toMatchObject({ status: 'open', details: { acknowledgedAt: '2026-03-01T09:10:00.000Z', reopenCount: 1 } });
  });
});
