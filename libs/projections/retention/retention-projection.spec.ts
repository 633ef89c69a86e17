import { EventLog, projectEvents } from '../customer/testing';
import { retentionProjection } from './retention-projection';
import { retentionSummary } from './retention-queries';
import { retentionCustomersView } from './retention-row';

const projection = retentionProjection({ timeZone: 'UTC' });
const NOW = Date.parse('2026-01-01T00:00:00Z');

const purchased = (
  log: EventLog,
  customerId: string,
  amount: number,
  at = '2025-03-01T09:00:00Z',
  currency = 'EUR',
) => log.add('PurchaseRecorded', at, { customerId, amount, currency });
const raised = (log: EventLog, complaintId: string, customerId: string, at: string) =>
  log.add('ComplaintRaised', at, { complaintId, customerId, channel: 'email', category: 'billing' });
const resolved = (log: EventLog, complaintId: string, at: string) =>
  log.add('ComplaintResolved', at, { complaintId, resolution: 'fixed' });
const churned = (log: EventLog, customerId: string) =>
  log.add('CustomerChurned', '2025-09-01T09:00:00Z', { customerId, reason: 'left' });

/** A: loyal referrer (tier 1); B: tier 10 then churned; C: open tier 100, churned; D: quiet, churned; E: quiet; F: withdrew; G: complaint only. */
const population = () => {
  const log = new EventLog();
  log.add('CustomerRegistered', '2025-01-01T09:00:00Z', { customerId: 'A', name: 'Acme', keyAccount: true });
  purchased(log, 'A', 500);
  purchased(log, 'A', 300);
  log.add('CustomerReferred', '2025-04-01T09:00:00Z', { customerId: 'A', referralId: 'R-1' });
  log.add('CustomerReferred', '2025-04-02T09:00:00Z', { customerId: 'A', referralId: 'R-2' });
  log.add('ReferralConverted', '2025-05-01T09:00:00Z', {
    customerId: 'A',
    referralId: 'R-1',
    newCustomerId: 'H',
  });
  log.add('SuggestionMade', '2025-05-02T09:00:00Z', { customerId: 'A', text: 'Open on Sundays' });
  log.add('SuggestionMade', '2025-05-03T09:00:00Z', { customerId: 'A', text: 'Paper invoices' });
  raised(log, 'C-1', 'A', '2025-06-01T09:00:00Z');
  resolved(log, 'C-1', '2025-06-01T15:00:00Z');
  purchased(log, 'B', 100);
  raised(log, 'C-2', 'B', '2025-06-01T09:00:00Z');
  resolved(log, 'C-2', '2025-06-02T15:00:00Z');
  churned(log, 'B');
  purchased(log, 'C', 50, '2025-03-01T09:00:00Z', 'USD');
  raised(log, 'C-3', 'C', '2025-08-01T09:00:00Z');
  churned(log, 'C');
  purchased(log, 'D', 30);
  churned(log, 'D');
  log.add('CustomerRegistered', '2025-01-01T09:00:00Z', { customerId: 'E' });
  log.add('CustomerRegistered', '2025-01-01T09:00:00Z', { customerId: 'F' });
  raised(log, 'C-6', 'F', '2025-06-01T09:00:00Z');
  log.add('ComplaintWithdrawn', '2025-06-01T10:00:00Z', { complaintId: 'C-6', reason: 'sorted out' });
  raised(log, 'C-7', 'G', '2025-06-01T09:00:00Z');
  return log;
};

describe('retention projection', () => {
  it('keeps per customer referrals, suggestions, purchase value, churn and complaints', async () => {
    const views = await projectEvents(projection, population().events);
    expect(await views.load(retentionCustomersView, 'A')).toMatchObject({
      known: true,
      name: 'Acme',
      keyAccount: true,
      purchases: 2,
      purchaseValue: 800,
      currencies: ['EUR'],
      referralsMade: 2,
      referralsConverted: 1,
      suggestions: 2,
      churned: false,
      complaints: [expect.objectContaining({ complaintId: 'C-1', status: 'resolved' })],
    });
    expect(await views.load(retentionCustomersView, 'G')).toMatchObject({
      known: false,
      complaints: [expect.anything()],
    });
  });

  it('summarises referrals, suggestions, complaint → churn by worst tier, and the Pareto of value', async () => {
    const views = await projectEvents(projection, population().events);
    const group = (customers: number, churnedCount: number, rate: number) => ({
      customers,
      churned: churnedCount,
      rate,
    });
    expect(await retentionSummary(views, NOW)).toEqual({
      customers: 6,
      referrals: { made: 2, converted: 1, conversionRate: 0.5 },
      suggestions: 2,
      complaintChurn: {
        complained: group(4, 2, 0.5),
        notComplained: group(2, 1, 0.5),
        byTier: { tier1: group(1, 0, 0), tier10: group(1, 1, 1), tier100: group(1, 1, 1) },
      },
      pareto: {
        topShare: 0.9184,
        topFraction: 0.2,
        topCustomers: [
          { customerId: 'A', value: 800, share: 0.8163 },
          { customerId: 'B', value: 100, share: 0.102 },
        ],
        customers: 6,
        totalValue: 980,
        currencies: ['EUR', 'USD'],
      },
      asOf: '2026-01-01T00:00:00.000Z',
    });
  });

  it('judges an open complaint at now: tier 1 on its day, tier 100 later', async () => {
    const log = new EventLog();
    log.add('CustomerRegistered', '2025-08-01T08:00:00Z', { customerId: 'C' });
    raised(log, 'C-3', 'C', '2025-08-01T09:00:00Z');
    const views = await projectEvents(projection, log.events);
    const sameDay = await retentionSummary(views, Date.parse('2025-08-01T20:00:00Z'));
    expect(sameDay.complaintChurn.byTier.tier1.customers).toBe(1);
    const later = await retentionSummary(views, Date.parse('2025-08-05T00:00:00Z'));
    expect(later.complaintChurn.byTier.tier100.customers).toBe(1);
  });

  it('gives a reopened complaint the tier of its final resolution', async () => {
    const log = new EventLog();
    log.add('CustomerRegistered', '2025-06-01T08:00:00Z', { customerId: 'A' });
    raised(log, 'C-1', 'A', '2025-06-01T09:00:00Z');
    resolved(log, 'C-1', '2025-06-01T10:00:00Z');
    log.add('ComplaintReopened', '2025-06-03T09:00:00Z', { complaintId: 'C-1', reason: 'again' });
    resolved(log, 'C-1', '2025-06-04T09:00:00Z');
    const views = await projectEvents(projection, log.events);
    expect((await retentionSummary(views, NOW)).complaintChurn.byTier.tier100.customers).toBe(1);
  });
});
