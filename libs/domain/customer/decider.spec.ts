import { at, deciderSpecification } from '../testing/decider-specification';
import type { CustomerCommand } from './commands';
import { customerDecider } from './decider';
import type { CustomerEvent } from './events';

const given = deciderSpecification(customerDecider);
const T = '2026-03-01T09:00:00Z';
const event = (type: CustomerEvent['type'], data: Record<string, unknown> = {}) =>
  at(T, type, { customerId: 'K-1', ...data }) as CustomerEvent;
const command = (type: CustomerCommand['type'], data: Record<string, unknown> = {}) =>
  ({ type, data: { customerId: 'K-1', ...data }, metadata: { occurredAt: T, source: 'test' } }) as unknown as CustomerCommand;

describe('customer decider', () => {
  it('knows a customer by id alone: a purchase before registration is accepted', () => {
    given([]).when(command('RecordPurchase', { amount: 10, currency: 'EUR' })).then([
      { type: 'PurchaseRecorded', data: { customerId: 'K-1', amount: 10, currency: 'EUR' } },
    ]);
  });

  it('registers once', () => {
    given([event('CustomerRegistered', { keyAccount: false })])
      .when(command('RegisterCustomer', { keyAccount: true }))
      .thenThrows('customer_already_registered');
  });

  it('converts only a referral that was made, and only once', () => {
    given([]).when(command('ConvertReferral', { referralId: 'R-1', newCustomerId: 'K-2' })).thenThrows('referral_not_found');
    given([event('CustomerReferred', { referralId: 'R-1' })])
      .when(command('ConvertReferral', { referralId: 'R-1', newCustomerId: 'K-2' }))
      .then([{ type: 'ReferralConverted', data: { customerId: 'K-1', referralId: 'R-1', newCustomerId: 'K-2' } }]);
    given([event('CustomerReferred', { referralId: 'R-1' }), event('ReferralConverted', { referralId: 'R-1', newCustomerId: 'K-2' })])
      .when(command('ConvertReferral', { referralId: 'R-1', newCustomerId: 'K-3' }))
      .thenThrows('referral_already_converted');
    given([event('CustomerReferred', { referralId: 'R-1' })]).when(command('RecordReferral', { referralId: 'R-1' })).thenThrows('referral_already_made');
  });

  it('churns once and reactivates only a churned customer', () => {
    given([event('CustomerChurned', { reason: 'price' })]).when(command('ChurnCustomer', { reason: 'again' })).thenThrows('customer_already_churned');
    given([]).when(command('ReactivateCustomer')).thenThrows('customer_not_churned');
    given([event('CustomerChurned', { reason: 'price' })]).when(command('ReactivateCustomer')).then([
      { type: 'CustomerReactivated', data: { customerId: 'K-1' } },
    ]);
  });

  it('only upgrades a partnership', () => {
    given([event('PartnershipSigned', { level: 'married' })]).when(command('SignPartnership', { level: 'engaged' })).thenThrows('partnership_not_upgrade');
    given([event('PartnershipSigned', { level: 'engaged' })]).when(command('SignPartnership', { level: 'married' })).then([
      { type: 'PartnershipSigned', data: { customerId: 'K-1', level: 'married' } },
    ]);
  });
});
