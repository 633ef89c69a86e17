import type { CostTier } from './cost-tier';
import {
  atRiskReasons,
  computeMarriedSince,
  DEFAULT_LOYALTY_OPTIONS,
  loyaltyLevel,
  loyaltyStage,
  loyaltyStatus,
  nextStageChangeAt,
  type CustomerFacts,
  type LoyaltyOptions,
} from './loyalty-stage';

const ms = (iso: string): number => Date.parse(iso);
const DAY = 86_400_000;

type Fact = (facts: CustomerFacts) => CustomerFacts;

const noFacts = (): CustomerFacts => ({
  purchases: [],
  partnership: 'none',
  marriedSince: null,
  keyAccount: false,
  convertedReferrals: 0,
  referralsMade: 0,
  churned: false,
  scores: [],
  complaints: [],
});

// Each helper mirrors an event (or its effect on the facts a projection keeps).
const purchased =
  (at: string | number): Fact =>
  (f) => ({ ...f, purchases: [...f.purchases, { at: typeof at === 'number' ? at : ms(at), amount: 100 }] });
const purchasedMonthly = (count: number, firstMonth: string): Fact[] =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(ms(firstMonth));
    d.setUTCMonth(d.getUTCMonth() + i);
    return purchased(d.getTime());
  });
const partnershipSigned =
  (level: 'engaged' | 'married', at: string): Fact =>
  (f) => ({ ...f, partnership: level, marriedSince: level === 'married' ? ms(at) : f.marriedSince });
const registeredAsKeyAccount: Fact = (f) => ({ ...f, keyAccount: true });
const referred: Fact = (f) => ({ ...f, referralsMade: f.referralsMade + 1 });
/** A converted referral; `marriedSince` is what the projection records when this completes the married condition. */
const referralConverted =
  (marriedSince: string | null = null): Fact =>
  (f) => ({
    ...f,
    convertedReferrals: f.convertedReferrals + 1,
    marriedSince: marriedSince === null ? f.marriedSince : ms(marriedSince),
  });
const churned: Fact = (f) => ({ ...f, churned: true });
const reactivated: Fact = (f) => ({ ...f, churned: false });
const scored =
  (kind: 'csat' | 'nps', score: number, at: string | number): Fact =>
  (f) => ({ ...f, scores: [...f.scores, { kind, score, at: typeof at === 'number' ? at : ms(at) }] });
const complaintOpen =
  (tier: CostTier, tier100From?: string): Fact =>
  (f) => ({
    ...f,
    complaints: [
      ...f.complaints,
      { open: true, tier, tier100From: tier100From === undefined ? undefined : ms(tier100From) },
    ],
  });
const complaintResolved =
  (tier: CostTier): Fact =>
  (f) => ({ ...f, complaints: [...f.complaints, { open: false, tier }] });

const given = (...facts: Fact[]) => {
  const customer = facts.reduce((f, fact) => fact(f), noFacts());
  return {
    facts: customer,
    at: (now: string | number, options: Partial<LoyaltyOptions> = {}) =>
      loyaltyStatus(customer, typeof now === 'number' ? now : ms(now), options),
    nextChangeAfter: (now: string, options: Partial<LoyaltyOptions> = {}): string | null => {
      const next = nextStageChangeAt(customer, ms(now), options);
      return next === null ? null : new Date(next).toISOString();
    },
  };
};

const NOW = '2026-03-01T12:00:00.000Z';

describe('loyaltyStage', () => {
  describe('encounter → courtship', () => {
    it('given no purchases, then encounter', () => {
      expect(given().at(NOW).stage).toBe('encounter');
    });

    it('given one purchase, then encounter', () => {
      expect(given(purchased('2026-01-10')).at(NOW).stage).toBe('encounter');
    });

    it('given a 2nd purchase, then courtship', () => {
      expect(given(purchased('2020-01-10'), purchased('2026-02-10')).at(NOW).stage).toBe('courtship');
    });

    it('given a 2nd purchase after now, then still encounter (facts after now are ignored)', () => {
      expect(given(purchased('2026-01-10'), purchased('2026-03-02')).at(NOW).stage).toBe('encounter');
    });
  });

  describe('courtship → engaged by repeat purchases', () => {
    const fourRecent = purchasedMonthly(4, '2025-06-01T00:00:00.000Z');

    it('given 5 purchases within the 12 months before now, then engaged', () => {
      expect(given(...purchasedMonthly(5, '2025-04-01T00:00:00.000Z')).at(NOW).stage).toBe('engaged');
    });

    it('given 4 recent purchases and a 5th just inside the window (12 months minus 1 ms ago), then engaged', () => {
      expect(given(purchased(ms('2025-03-01T12:00:00.000Z') + 1), ...fourRecent).at(NOW).stage).toBe(
        'engaged',
      );
    });

    it('given 4 recent purchases and a 5th exactly 12 months ago, then courtship (it has aged out)', () => {
      expect(given(purchased('2025-03-01T12:00:00.000Z'), ...fourRecent).at(NOW).stage).toBe('courtship');
    });

    it('given 4 recent purchases and a 5th long ago, then courtship', () => {
      expect(given(purchased('2023-01-01'), ...fourRecent).at(NOW).stage).toBe('courtship');
    });

    it('given a configured window and count, then they apply', () => {
      const facts = given(...purchasedMonthly(3, '2026-01-01T00:00:00.000Z'));
      expect(facts.at(NOW, { engagedPurchases: 3 }).stage).toBe('engaged');
      expect(facts.at(NOW, { engagedPurchases: 3, engagedWindowMonths: 1 }).stage).toBe('courtship');
    });
  });

  describe('partnership signed', () => {
    it('given PartnershipSigned engaged and no purchase, then engaged', () => {
      expect(given(partnershipSigned('engaged', '2026-01-01')).at(NOW).stage).toBe('engaged');
    });

    it('given PartnershipSigned married, then married', () => {
      expect(given(partnershipSigned('married', '2026-01-01')).at(NOW).stage).toBe('married');
    });

    it('given engaged then married, then married (highest stage wins)', () => {
      const facts = given(
        ...purchasedMonthly(6, '2025-09-01T00:00:00.000Z'),
        partnershipSigned('engaged', '2025-10-01'),
        partnershipSigned('married', '2026-01-01'),
      );
      expect(facts.at(NOW).stage).toBe('married');
    });
  });

  describe('married by key account and converted referral', () => {
    it('given a key account with a converted referral, then married', () => {
      expect(given(registeredAsKeyAccount, referred, referralConverted('2026-02-01')).at(NOW).stage).toBe(
        'married',
      );
    });

    it('given a key account with a referral not yet converted, then not married', () => {
      expect(given(registeredAsKeyAccount, referred).at(NOW).stage).toBe('encounter');
    });

    it('given a converted referral but no key account, then not married', () => {
      expect(
        given(purchased('2026-01-01'), purchased('2026-02-01'), referred, referralConverted()).at(NOW).stage,
      ).toBe('courtship');
    });

    it('given a key account and a configured 2 converted referrals, then one is not enough', () => {
      const facts = given(registeredAsKeyAccount, referred, referralConverted('2026-02-01'));
      expect(facts.at(NOW, { marriedConvertedReferrals: 2 }).stage).toBe('encounter');
    });
  });

  describe('married → lifelong', () => {
    it('given married exactly 2 years ago, then lifelong', () => {
      expect(given(partnershipSigned('married', '2024-03-01T12:00:00.000Z')).at(NOW).stage).toBe('lifelong');
    });

    it('given married 2 years minus a day ago, then still married', () => {
      expect(given(partnershipSigned('married', '2024-03-02T12:00:00.000Z')).at(NOW).stage).toBe('married');
    });

    it('given married 2 years minus 1 ms ago, then still married', () => {
      const facts = given(partnershipSigned('married', '2024-03-01T12:00:00.000Z'));
      expect(facts.at(ms(NOW) - 1).stage).toBe('married');
    });

    it('given married on a leap day, then lifelong from the last day of February two years on', () => {
      const facts = given(partnershipSigned('married', '2024-02-29T08:00:00.000Z'));
      expect(facts.at('2026-02-28T07:59:59.999Z').stage).toBe('married');
      expect(facts.at('2026-02-28T08:00:00.000Z').stage).toBe('lifelong');
    });

    it('given married by key account and referral 2 years ago, then lifelong', () => {
      const facts = given(registeredAsKeyAccount, referred, referralConverted('2024-03-01T12:00:00.000Z'));
      expect(facts.at(NOW).stage).toBe('lifelong');
    });

    it('given married with an unknown start, then married and never lifelong', () => {
      const facts = given(registeredAsKeyAccount, referred, referralConverted(null));
      expect(facts.at('2040-01-01').stage).toBe('married');
    });

    it('given a configured 12 months, then lifelong after one year', () => {
      const facts = given(partnershipSigned('married', '2025-03-01T12:00:00.000Z'));
      expect(facts.at(NOW, { lifelongAfterMonths: 12 }).stage).toBe('lifelong');
    });
  });

  describe('churn', () => {
    const lifelong = [
      partnershipSigned('married', '2020-01-01'),
      ...purchasedMonthly(6, '2025-10-01T00:00:00.000Z'),
    ];

    it('given a lifelong customer who churned, then churned', () => {
      expect(given(...lifelong, churned).at(NOW).stage).toBe('churned');
    });

    it('given a churned encounter, then churned', () => {
      expect(given(purchased('2026-01-01'), churned).at(NOW).stage).toBe('churned');
    });

    it('given churn then reactivation, then the stage the facts earn again', () => {
      expect(given(...lifelong, churned, reactivated).at(NOW).stage).toBe('lifelong');
      expect(given(purchased('2026-01-01'), churned, reactivated).at(NOW).stage).toBe('encounter');
    });
  });

  it('is also available on its own', () => {
    expect(loyaltyStage(given(purchased('2026-01-01'), purchased('2026-02-01')).facts, ms(NOW))).toBe(
      'courtship',
    );
  });
});

describe('computeMarriedSince', () => {
  const none = { partnershipMarriedAt: null, keyAccountSince: null, referralsConvertedAt: [] };

  it('is null when the married condition never held', () => {
    expect(computeMarriedSince(none)).toBeNull();
    expect(computeMarriedSince({ ...none, keyAccountSince: 5 })).toBeNull();
    expect(computeMarriedSince({ ...none, referralsConvertedAt: [5] })).toBeNull();
  });

  it('is the married partnership when that is all', () => {
    expect(computeMarriedSince({ ...none, partnershipMarriedAt: 42 })).toBe(42);
  });

  it('is the later of key account and the converting referral', () => {
    expect(computeMarriedSince({ ...none, keyAccountSince: 10, referralsConvertedAt: [30, 20] })).toBe(20);
    expect(computeMarriedSince({ ...none, keyAccountSince: 25, referralsConvertedAt: [30, 20] })).toBe(25);
  });

  it('is the earliest of both routes', () => {
    expect(
      computeMarriedSince({ partnershipMarriedAt: 50, keyAccountSince: 10, referralsConvertedAt: [20] }),
    ).toBe(20);
    expect(
      computeMarriedSince({ partnershipMarriedAt: 5, keyAccountSince: 10, referralsConvertedAt: [20] }),
    ).toBe(5);
  });

  it('waits for the configured number of converted referrals', () => {
    const milestones = { ...none, keyAccountSince: 10, referralsConvertedAt: [40, 20, 30] };
    expect(computeMarriedSince(milestones, { marriedConvertedReferrals: 2 })).toBe(30);
    expect(computeMarriedSince(milestones, { marriedConvertedReferrals: 4 })).toBeNull();
  });
});

describe('loyaltyLevel', () => {
  it('given no purchase, then none', () => {
    expect(given().at(NOW).level).toBe('none');
  });

  it('given one purchase and no referral, then none', () => {
    expect(given(purchased('2026-01-01')).at(NOW).level).toBe('none');
  });

  it('given a 2nd purchase, then normal', () => {
    expect(given(purchased('2019-01-01'), purchased('2026-01-01')).at(NOW).level).toBe('normal');
  });

  describe('strong', () => {
    it('given 5 purchases in the last 12 months, then strong', () => {
      expect(given(...purchasedMonthly(5, '2025-06-01T00:00:00.000Z')).at(NOW).level).toBe('strong');
    });

    it('given 5 purchases of which one aged out, then normal', () => {
      expect(
        given(purchased('2025-03-01T12:00:00.000Z'), ...purchasedMonthly(4, '2025-06-01T00:00:00.000Z')).at(
          NOW,
        ).level,
      ).toBe('normal');
    });

    it('given a referral made (not converted), then strong', () => {
      expect(given(purchased('2026-01-01'), referred).at(NOW).level).toBe('strong');
    });

    it('given the latest NPS is a promoter (9), then strong', () => {
      expect(given(scored('nps', 3, '2025-01-01'), scored('nps', 9, '2026-02-01')).at(NOW).level).toBe(
        'strong',
      );
    });

    it('given an earlier promoter but the latest NPS is passive (8), then not strong', () => {
      expect(given(scored('nps', 10, '2025-01-01'), scored('nps', 8, '2026-02-01')).at(NOW).level).toBe(
        'none',
      );
    });

    it('given a promoter NPS dated after now, then it does not count yet', () => {
      expect(given(scored('nps', 8, '2026-01-01'), scored('nps', 9, '2026-03-05')).at(NOW).level).toBe(
        'none',
      );
    });
  });

  describe('committed', () => {
    const strong = [purchased('2026-01-01'), referred];

    it('given strong and a converted referral, then committed', () => {
      expect(given(...strong, referralConverted()).at(NOW).level).toBe('committed');
    });

    it('given strong and a married partnership, then committed', () => {
      expect(given(...strong, partnershipSigned('married', '2026-01-01')).at(NOW).level).toBe('committed');
    });

    it('given married but not strong, then only normal', () => {
      const facts = given(
        purchased('2025-01-01'),
        purchased('2026-01-01'),
        partnershipSigned('married', '2026-01-01'),
      );
      expect(facts.at(NOW).level).toBe('normal');
    });

    it('given a promoter and a converted referral, then committed', () => {
      expect(given(scored('nps', 10, '2026-02-01'), referralConverted()).at(NOW).level).toBe('committed');
    });

    it('given a detractor NPS within 90 days, then only strong', () => {
      expect(given(...strong, referralConverted(), scored('nps', 6, '2026-01-15')).at(NOW).level).toBe(
        'strong',
      );
    });

    it('given a CSAT of 2 within 90 days, then only strong', () => {
      expect(given(...strong, referralConverted(), scored('csat', 2, '2026-01-15')).at(NOW).level).toBe(
        'strong',
      );
    });

    it('given a CSAT of 3 within 90 days, then committed', () => {
      expect(given(...strong, referralConverted(), scored('csat', 3, '2026-01-15')).at(NOW).level).toBe(
        'committed',
      );
    });

    it('given a detractor NPS exactly 90 days ago, then committed again', () => {
      const detractor = scored('nps', 6, ms(NOW) - 90 * DAY);
      expect(given(...strong, referralConverted(), detractor).at(NOW).level).toBe('committed');
    });

    it('given a configured 2 converted referrals, then one is not enough', () => {
      expect(given(...strong, referralConverted()).at(NOW, { committedConvertedReferrals: 2 }).level).toBe(
        'strong',
      );
    });
  });

  it('given a committed customer who churned, then none until reactivated', () => {
    const committed = [purchased('2026-01-01'), referred, referralConverted()];
    expect(given(...committed, churned).at(NOW).level).toBe('none');
    expect(given(...committed, churned, reactivated).at(NOW).level).toBe('committed');
  });

  it('is also available on its own', () => {
    expect(loyaltyLevel(given(purchased('2026-01-01'), referred).facts, ms(NOW))).toBe('strong');
  });
});

describe('atRiskReasons', () => {
  it('given nothing wrong, then not at risk', () => {
    expect(
      given(purchased('2026-01-01'), complaintResolved(100), scored('nps', 7, '2026-02-01')).at(NOW).atRisk,
    ).toEqual([]);
  });

  describe('open complaint in tier 100', () => {
    it('given an open complaint in tier 100, then open_complaint_tier_100', () => {
      expect(given(complaintOpen(100)).at(NOW).atRisk).toEqual(['open_complaint_tier_100']);
    });

    it('given an open complaint in tier 10, then not at risk', () => {
      expect(given(complaintOpen(10)).at(NOW).atRisk).toEqual([]);
    });

    it('given a resolved tier-100 complaint, then not at risk', () => {
      expect(given(complaintResolved(100)).at(NOW).atRisk).toEqual([]);
    });

    it('given an open tier-10 complaint, then at risk from the instant it reaches tier 100', () => {
      const facts = given(complaintOpen(10, '2026-03-02T00:00:00.000Z'));
      expect(facts.at('2026-03-01T23:59:59.999Z').atRisk).toEqual([]);
      expect(facts.at('2026-03-02T00:00:00.000Z').atRisk).toEqual(['open_complaint_tier_100']);
    });
  });

  describe('detractor NPS within 90 days', () => {
    it.each([
      [0, ['detractor_nps']],
      [6, ['detractor_nps']],
      [7, []],
      [8, []],
      [9, []],
    ])('given NPS %p last week, then %p', (score, reasons) => {
      expect(given(scored('nps', score, '2026-02-22')).at(NOW).atRisk).toEqual(reasons);
    });

    it('given a detractor NPS 90 days minus 1 ms ago, then still at risk', () => {
      expect(given(scored('nps', 6, ms(NOW) - 90 * DAY + 1)).at(NOW).atRisk).toEqual(['detractor_nps']);
    });

    it('given a detractor NPS exactly 90 days ago, then no longer at risk', () => {
      expect(given(scored('nps', 6, ms(NOW) - 90 * DAY)).at(NOW).atRisk).toEqual([]);
    });

    it('given a detractor NPS followed by a promoter, then still at risk (any detractor in the window)', () => {
      expect(given(scored('nps', 2, '2026-02-01'), scored('nps', 10, '2026-02-20')).at(NOW).atRisk).toEqual([
        'detractor_nps',
      ]);
    });

    it('given a detractor NPS dated after now, then not yet at risk', () => {
      expect(given(scored('nps', 1, '2026-03-02')).at(NOW).atRisk).toEqual([]);
    });
  });

  describe('low CSAT within 90 days', () => {
    it.each([
      [1, ['low_csat']],
      [2, ['low_csat']],
      [3, []],
      [4, []],
      [5, []],
    ])('given CSAT %p last week, then %p', (score, reasons) => {
      expect(given(scored('csat', score, '2026-02-22')).at(NOW).atRisk).toEqual(reasons);
    });

    it('given CSAT 2 at the window edge, then at risk until exactly 90 days have passed', () => {
      const facts = given(scored('csat', 2, '2025-12-01T12:00:00.000Z'));
      expect(facts.at(ms('2025-12-01T12:00:00.000Z') + 90 * DAY - 1).atRisk).toEqual(['low_csat']);
      expect(facts.at(ms('2025-12-01T12:00:00.000Z') + 90 * DAY).atRisk).toEqual([]);
    });
  });

  it('given every reason, then all three in a fixed order', () => {
    const facts = given(scored('csat', 1, '2026-02-01'), scored('nps', 0, '2026-02-01'), complaintOpen(100));
    expect(facts.at(NOW).atRisk).toEqual(['open_complaint_tier_100', 'detractor_nps', 'low_csat']);
  });

  it('given a configured 30-day window, then a 45-day-old detractor no longer counts', () => {
    const facts = given(scored('nps', 4, ms(NOW) - 45 * DAY));
    expect(facts.at(NOW).atRisk).toEqual(['detractor_nps']);
    expect(facts.at(NOW, { recentWindowDays: 30 }).atRisk).toEqual([]);
  });

  it('given configured satisfaction cut-offs, then they apply', () => {
    const satisfaction = {
      ...DEFAULT_LOYALTY_OPTIONS.satisfaction,
      npsPassiveMin: 8,
      csatDissatisfiedMax: 3,
    };
    const facts = given(scored('nps', 7, '2026-02-01'), scored('csat', 3, '2026-02-01'));
    expect(facts.at(NOW).atRisk).toEqual([]);
    expect(facts.at(NOW, { satisfaction }).atRisk).toEqual(['detractor_nps', 'low_csat']);
  });

  it('given a churned customer, then reasons are still reported', () => {
    expect(atRiskReasons(given(complaintOpen(100), churned).facts, ms(NOW))).toEqual([
      'open_complaint_tier_100',
    ]);
  });
});

describe('nextStageChangeAt', () => {
  it('given no facts, then nothing will change', () => {
    expect(given().nextChangeAfter(NOW)).toBeNull();
  });

  it('given a courtship whose purchases age out, then nothing changes (courtship counts every purchase)', () => {
    expect(given(purchased('2026-01-01'), purchased('2026-02-01')).nextChangeAfter(NOW)).toBeNull();
  });

  it('given exactly 5 purchases in the window, then the change is when the oldest ages out', () => {
    const facts = given(...purchasedMonthly(5, '2025-06-15T09:00:00.000Z'));
    expect(facts.at(NOW)).toMatchObject({ stage: 'engaged', level: 'strong' });
    expect(facts.nextChangeAfter(NOW)).toBe('2026-06-15T09:00:00.000Z');
    expect(facts.at('2026-06-15T09:00:00.000Z')).toMatchObject({ stage: 'courtship', level: 'normal' });
  });

  it('given 6 purchases in the window, then the change is when the second oldest ages out', () => {
    const facts = given(...purchasedMonthly(6, '2025-06-15T09:00:00.000Z'));
    expect(facts.nextChangeAfter(NOW)).toBe('2026-07-15T09:00:00.000Z');
  });

  it('given a marriage, then the change is its 2nd anniversary', () => {
    expect(given(partnershipSigned('married', '2025-05-31T10:00:00.000Z')).nextChangeAfter(NOW)).toBe(
      '2027-05-31T10:00:00.000Z',
    );
  });

  it('given a lifelong customer, then nothing more changes', () => {
    expect(given(partnershipSigned('married', '2020-05-31T10:00:00.000Z')).nextChangeAfter(NOW)).toBeNull();
  });

  it('given a recent detractor NPS, then the change is when it leaves the 90-day window', () => {
    const facts = given(scored('nps', 5, '2026-02-01T08:00:00.000Z'));
    expect(facts.nextChangeAfter(NOW)).toBe(
      new Date(ms('2026-02-01T08:00:00.000Z') + 90 * DAY).toISOString(),
    );
  });

  it('given two recent detractor answers, then the change is when the later one expires', () => {
    const facts = given(
      scored('nps', 5, '2026-01-01T00:00:00.000Z'),
      scored('nps', 6, '2026-02-01T00:00:00.000Z'),
    );
    expect(facts.nextChangeAfter(NOW)).toBe('2026-05-02T00:00:00.000Z');
  });

  it('given an open complaint heading for tier 100, then the change is when it gets there', () => {
    expect(given(complaintOpen(10, '2026-03-03T00:00:00.000Z')).nextChangeAfter(NOW)).toBe(
      '2026-03-03T00:00:00.000Z',
    );
  });

  it('given an open complaint already in tier 100, then nothing changes until it is resolved', () => {
    expect(given(complaintOpen(100, '2026-02-03T00:00:00.000Z')).nextChangeAfter(NOW)).toBeNull();
  });

  it('given a recorded fact dated after now, then the change is when it takes effect', () => {
    expect(given(purchased('2026-01-01'), purchased('2026-04-01T00:00:00.000Z')).nextChangeAfter(NOW)).toBe(
      '2026-04-01T00:00:00.000Z',
    );
  });

  it('given a committed customer with a detractor, then the change is when committed returns', () => {
    const facts = given(
      purchased('2026-01-01'),
      referred,
      referralConverted(),
      scored('nps', 3, '2026-01-10T00:00:00.000Z'),
    );
    expect(facts.at(NOW)).toEqual({ stage: 'encounter', level: 'strong', atRisk: ['detractor_nps'] });
    expect(facts.nextChangeAfter(NOW)).toBe('2026-04-10T00:00:00.000Z');
    expect(facts.at('2026-04-10T00:00:00.000Z')).toEqual({
      stage: 'encounter',
      level: 'committed',
      atRisk: [],
    });
  });

  it('given a churned customer, then purchases ageing out change nothing', () => {
    expect(
      given(...purchasedMonthly(5, '2025-06-15T09:00:00.000Z'), churned).nextChangeAfter(NOW),
    ).toBeNull();
  });

  it('given configured windows, then they decide the instant', () => {
    const facts = given(...purchasedMonthly(3, '2026-01-01T00:00:00.000Z'));
    expect(
      facts.nextChangeAfter(NOW, {
        engagedPurchases: 3,
        strongPurchases: 3,
        engagedWindowMonths: 6,
        strongWindowMonths: 6,
      }),
    ).toBe('2026-07-01T00:00:00.000Z');
  });

  it('returns the earliest of several upcoming changes', () => {
    const facts = given(
      partnershipSigned('married', '2024-06-01T00:00:00.000Z'),
      scored('csat', 1, '2026-02-15T00:00:00.000Z'),
    );
    expect(facts.nextChangeAfter(NOW)).toBe('2026-05-16T00:00:00.000Z');
    expect(facts.nextChangeAfter('2026-05-16T00:00:00.000Z')).toBe('2026-06-01T00:00:00.000Z');
    expect(facts.nextChangeAfter('2026-06-01T00:00:00.000Z')).toBeNull();
  });
});
