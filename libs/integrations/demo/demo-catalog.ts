/** The vocabulary of the demo history: categories with their team and typical complaints, channels, people. */

export const CATEGORIES = [
  {
    name: 'billing',
    team: 'billing',
    weight: 24,
    summaries: [
      'Charged twice for one order',
      'Invoice shows the wrong amount',
      'Refund not received',
      'Unexpected fee on the monthly bill',
    ],
    resolutions: ['Duplicate charge refunded', 'Corrected invoice sent', 'Refund issued', 'Fee waived'],
  },
  {
    name: 'delivery',
    team: 'logistics',
    weight: 22,
    summaries: [
      'Parcel arrived two weeks late',
      'Order delivered to the wrong address',
      'Items missing from the delivery',
      'Courier never showed up',
    ],
    resolutions: [
      'Replacement shipped express',
      'Parcel recovered and redelivered',
      'Missing items sent',
      'New delivery slot booked',
    ],
  },
  {
    name: 'product',
    team: 'product',
    weight: 18,
    summaries: [
      'Device stopped working after a week',
      'Received a damaged item',
      'Product does not match the description',
      'Spare part is the wrong size',
    ],
    resolutions: ['Device replaced', 'Item exchanged', 'Full refund on return', 'Correct part shipped'],
  },
  {
    name: 'service',
    team: 'support',
    weight: 16,
    summaries: [
      'Waited 40 minutes on hold',
      'Promised callback never came',
      'Transferred five times',
      'Ticket closed without an answer',
    ],
    resolutions: [
      'Apology and direct line given',
      'Called back by a team lead',
      'Issue handled end to end',
      'Ticket reopened and answered',
    ],
  },
  {
    name: 'website',
    team: 'digital',
    weight: 12,
    summaries: [
      'Cannot log in to my account',
      'Checkout fails at the payment step',
      'Password reset email never arrives',
    ],
    resolutions: ['Account unlocked', 'Payment provider fixed', 'Email delivery fixed'],
  },
  {
    name: 'staff',
    team: 'stores',
    weight: 8,
    summaries: [
      'Rude staff at the Main Street store',
      'Store closed during opening hours',
      'Technician left a mess',
    ],
    resolutions: ['Store manager apologised', 'Voucher sent', 'Cleaning crew sent'],
  },
] as const;

/** Channel, weight, and the desk that reports complaints from it. */
export const CHANNELS = [
  ['email', 30, 'zendesk'],
  ['phone', 24, 'freshdesk'],
  ['chat', 20, 'chatwoot'],
  ['web-form', 12, 'zendesk'],
  ['store', 8, 'pos'],
  ['social', 6, 'chatwoot'],
] as const;

export const AGENTS: Record<string, readonly string[]> = {
  billing: ['ana', 'bruno', 'chiara'],
  logistics: ['dev', 'emma', 'farid'],
  product: ['grace', 'hiro', 'ines'],
  support: ['jonas', 'kemal', 'lea', 'mo'],
  digital: ['nina', 'omar'],
  stores: ['paula', 'quentin'],
};

export const ESCALATION_REASONS = [
  'Customer asked for a manager',
  'About to leave tier 1',
  'Resolve target at risk',
  'Needs a second-line specialist',
  'Customer threatened to cancel',
];
export const REOPEN_REASONS = [
  'Problem came back',
  'Refund never arrived',
  'Replacement is faulty too',
  'Customer disputes the fix',
];
export const WITHDRAW_REASONS = [
  'Customer found the parcel',
  'Raised by mistake',
  'Customer solved it themselves',
  'Duplicate of another complaint',
];
export const CHURN_REASONS = [
  'Moved to a competitor',
  'Too many unresolved problems',
  'Price',
  'No longer needs the service',
];
export const SUGGESTIONS = [
  'Send a text when the courier is 30 minutes away',
  'Let me pick a delivery slot at checkout',
  'Offer invoices in PDF and CSV',
  'Open the stores one hour earlier on Saturdays',
  'Add a live chat on the mobile app',
  'Show stock per store on the website',
];
export const CSAT_COMMENTS: Record<number, readonly string[]> = {
  1: ['Nobody cared', 'Took forever'],
  2: ['Slow and I had to chase you', 'Fixed, but far too late'],
  3: ['OK in the end'],
  4: ['Quick and friendly', 'Good service'],
  5: ['Fixed the same day, thank you!', 'Excellent, above and beyond'],
};

export const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Maria',
  'Jan',
  'Lina',
  'Tom',
  'Aisha',
  'Pedro',
  'Yuki',
  'Olga',
  'Ben',
  'Fatima',
  'Luca',
  'Mia',
  'Noah',
  'Zoe',
];
export const LAST_NAMES = [
  'Keller',
  'Novak',
  'Silva',
  'Berg',
  'Okafor',
  'Rossi',
  'Tanaka',
  'Dubois',
  'Weber',
  'Costa',
  'Nielsen',
  'Haddad',
];
export const COMPANY_SUFFIXES = ['GmbH', 'Ltd', 'Logistics', 'Foods', 'Studio', 'Partners', 'Retail', 'Labs'];

/** How likely each hour of the day is for desk activity (UTC hours). */
export const HOUR_WEIGHTS = {
  7: 2,
  8: 6,
  9: 9,
  10: 10,
  11: 9,
  12: 6,
  13: 8,
  14: 9,
  15: 8,
  16: 7,
  17: 5,
  18: 3,
  19: 2,
  20: 1,
};
export const SEVERITY_WEIGHTS = { low: 20, normal: 55, high: 20, critical: 5 } as const;
/** Days a slow complaint takes (beyond the next day). */
export const LATER_DAYS = { 2: 5, 3: 4, 4: 3, 6: 2, 9: 1, 14: 1 };
/** Minutes to acknowledge, by severity. */
export const ACK_MINUTES = { critical: [2, 20], high: [5, 60], normal: [10, 240], low: [30, 600] } as const;
/** CSAT 1..5 weights by the tier the complaint ended in. */
export const CSAT_WEIGHTS = {
  1: [2, 3, 10, 35, 50],
  10: [5, 10, 25, 40, 20],
  100: [20, 30, 30, 15, 5],
} as const;
/** NPS band weights by the worst tier a customer's complaints reached (0: none). */
export const NPS_BANDS = {
  0: { detractor: 8, passive: 30, promoter: 62 },
  1: { detractor: 10, passive: 35, promoter: 55 },
  10: { detractor: 25, passive: 40, promoter: 35 },
  100: { detractor: 60, passive: 28, promoter: 12 },
} as const;
