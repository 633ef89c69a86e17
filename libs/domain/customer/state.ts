/** What we know of a customer. A customer may be known by id alone (never registered). */
export interface CustomerDetails {
  customerId: string;
  registered: boolean;
  name: string | null;
  segment: string | null;
  keyAccount: boolean;
  partnership: 'none' | 'engaged' | 'married';
  /** referralId → converted new customer id, or null while pending. */
  referrals: Record<string, string | null>;
}

export type Customer =
  | { status: 'unknown' }
  | { status: 'active'; details: CustomerDetails }
  | { status: 'churned'; details: CustomerDetails; churnedAt: string };

export const initialCustomer = (): Customer => ({ status: 'unknown' });
