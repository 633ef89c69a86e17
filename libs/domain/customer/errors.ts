import { DomainError } from '../shared/domain-error';

export class CustomerAlreadyRegistered extends DomainError {
  constructor(customerId: string) {
    super('customer_already_registered', `Customer ${customerId} is already registered`, { customerId });
  }
}
export class ReferralAlreadyMade extends DomainError {
  constructor(customerId: string, referralId: string) {
    super('referral_already_made', `Referral ${referralId} of customer ${customerId} already exists`, {
      customerId,
      referralId,
    });
  }
}
export class ReferralNotFound extends DomainError {
  constructor(customerId: string, referralId: string) {
    super('referral_not_found', `Customer ${customerId} never made referral ${referralId}`, { customerId, referralId });
  }
}
export class ReferralAlreadyConverted extends DomainError {
  constructor(customerId: string, referralId: string) {
    super('referral_already_converted', `Referral ${referralId} of customer ${customerId} was already converted`, {
      customerId,
      referralId,
    });
  }
}
export class PartnershipDowngrade extends DomainError {
  constructor(customerId: string, current: string, requested: string) {
    super('partnership_not_upgrade', `Customer ${customerId} already has a ${current} partnership; ${requested} is not an upgrade`, {
      customerId,
      current,
      requested,
    });
  }
}
export class CustomerAlreadyChurned extends DomainError {
  constructor(customerId: string) {
    super('customer_already_churned', `Customer ${customerId} has already churned`, { customerId });
  }
}
export class CustomerNotChurned extends DomainError {
  constructor(customerId: string) {
    super('customer_not_churned', `Customer ${customerId} has not churned, so cannot be reactivated`, { customerId });
  }
}
