import { raisedRow, type RaisedFields } from './sla-raised-row';

const fields = (at: number): RaisedFields => ({
  keyAccount: false,
  status: 'open',
  raisedAt: at,
  raisedDate: '2026-01-05',
  tier10From: at + 1,
  tier100From: at + 2,
  acknowledgeBy: at + 3,
  resolveBy: at + 4,
  acknowledgedAt: null,
  firstResponseAt: null,
  resolvedAt: null,
  withdrawnAt: null,
  resolvedTier: null,
  assignee: null,
  team: null,
  escalations: 0,
  escalationLevel: 0,
  reopenCount: 0,
  compensation: [],
  lastEventAt: at,
});

const data = { complaintId: 'C-1', customerId: 'K-1', channel: 'email', category: 'billing', severity: 'low', summary: 's', formal: true } as const;

describe('raisedRow', () => {
  it('gives the JSON of `{ ...data, ...fields }` for data in the schema order', () => {
    const parsed = JSON.parse(JSON.stringify(data));
    expect(JSON.stringify(raisedRow(parsed, fields(1)))).toBe(JSON.stringify({ ...parsed, ...fields(1) }));
  });

  it('gives the same JSON for data in another order or with other keys (spread)', () => {
    const reordered = { severity: 'low', complaintId: 'C-1', customerId: 'K-1', channel: 'email', category: 'billing', summary: 's', formal: true } as const;
    expect(JSON.stringify(raisedRow(reordered, fields(2)))).toBe(JSON.stringify({ ...reordered, ...fields(2) }));
    const extra = { ...data, status: 'weird', note: 'x' } as unknown as typeof data;
    expect(JSON.stringify(raisedRow(extra, fields(3)))).toBe(JSON.stringify({ ...extra, ...fields(3) }));
    const { formal: _, ...short } = data;
    const missing = short as unknown as typeof data;
    expect(JSON.stringify(raisedRow(missing, fields(4)))).toBe(JSON.stringify({ ...missing, ...fields(4) }));
  });
});
