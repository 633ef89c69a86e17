import { assertNever, type PendingEvent } from '../shared/event';
import type { Decider } from '../shared/decider';
import type { CustomerCommand } from './commands';
import type { CustomerEvent } from './events';
import { initialCustomer, type Customer, type CustomerDetails } from './state';
import {
  CustomerAlreadyChurned,
  CustomerAlreadyRegistered,
  CustomerNotChurned,
  PartnershipDowngrade,
  ReferralAlreadyConverted,
  ReferralAlreadyMade,
  ReferralNotFound,
} from './errors';

type Emitted = PendingEvent<CustomerEvent['type'], CustomerEvent['data']>;

const detailsOf = (state: Customer, customerId: string): CustomerDetails =>
  state.status === 'unknown'
    ? { customerId, registered: false, name: null, segment: null, keyAccount: false, partnership: 'none', referrals: {} }
    : state.details;

const partnershipRank = { none: 0, engaged: 1, married: 2 } as const;

/** Decide which events a customer command produces, or refuse it with a named domain error. */
export const decideCustomer = (command: CustomerCommand, state: Customer): Emitted[] => {
  const details = detailsOf(state, command.data.customerId);
  const { customerId } = command.data;
  switch (command.type) {
    case 'RegisterCustomer':
      if (details.registered) throw new CustomerAlreadyRegistered(customerId);
      return [{ type: 'CustomerRegistered', data: command.data }];
    case 'RecordPurchase':
      return [{ type: 'PurchaseRecorded', data: command.data }];
    case 'RecordReferral':
      if (command.data.referralId in details.referrals) throw new ReferralAlreadyMade(customerId, command.data.referralId);
      return [{ type: 'CustomerReferred', data: command.data }];
    case 'ConvertReferral': {
      const { referralId } = command.data;
      if (!(referralId in details.referrals)) throw new ReferralNotFound(customerId, referralId);
      if (details.referrals[referralId] !== null) throw new ReferralAlreadyConverted(customerId, referralId);
      return [{ type: 'ReferralConverted', data: command.data }];
    }
    case 'RecordSuggestion':
      return [{ type: 'SuggestionMade', data: command.data }];
    case 'SignPartnership':
      if (partnershipRank[command.data.level] <= partnershipRank[details.partnership]) {
        throw new PartnershipDowngrade(customerId, details.partnership, command.data.level);
      }
      return [{ type: 'PartnershipSigned', data: command.data }];
    case 'ChurnCustomer':
      if (state.status === 'churned') throw new CustomerAlreadyChurned(customerId);
      return [{ type: 'CustomerChurned', data: command.data }];
    case 'ReactivateCustomer':
      if (state.status !== 'churned') throw new CustomerNotChurned(customerId);
      return [{ type: 'CustomerReactivated', data: command.data }];
    case 'RecordSatisfaction':
      return [{ type: 'SatisfactionRecorded', data: command.data }];
    default:
      return assertNever(command);
  }
};

const withDetails = (state: Customer, details: CustomerDetails): Customer =>
  state.status === 'churned' ? { ...state, details } : { status: 'active', details };

/** Fold one customer event into the state. */
export const evolveCustomer = (state: Customer, event: CustomerEvent): Customer => {
  const details = detailsOf(state, event.data.customerId);
  switch (event.type) {
    case 'CustomerRegistered':
      return withDetails(state, {
        ...details,
        registered: true,
        name: event.data.name ?? details.name,
        segment: event.data.segment ?? details.segment,
        keyAccount: event.data.keyAccount,
      });
    case 'CustomerReferred':
      return withDetails(state, { ...details, referrals: { ...details.referrals, [event.data.referralId]: null } });
    case 'ReferralConverted':
      return withDetails(state, {
        ...details,
        referrals: { ...details.referrals, [event.data.referralId]: event.data.newCustomerId },
      });
    case 'PartnershipSigned':
      return withDetails(state, { ...details, partnership: event.data.level });
    case 'CustomerChurned':
      return { status: 'churned', details, churnedAt: event.metadata.occurredAt };
    case 'CustomerReactivated':
      return { status: 'active', details };
    case 'PurchaseRecorded':
    case 'SuggestionMade':
    case 'SatisfactionRecorded':
      return withDetails(state, details);
    default:
      return assertNever(event);
  }
};

export const customerDecider: Decider<Customer, CustomerCommand, CustomerEvent> = {
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomer,
};
