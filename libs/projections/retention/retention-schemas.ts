import { z } from 'zod';

/** Response shape of `GET /views/retention/summary` (OpenAPI, and the e2e test parses answers with it). */

const count = z.number().int().min(0);
const fraction = z.number().min(0).max(1);

const churnGroup = z
  .object({ customers: count, churned: count, rate: fraction.describe('churned ÷ customers, fraction 0..1') })
  .meta({ id: 'ChurnGroup' });

export const retentionSummarySchema = z
  .object({
    customers: count,
    referrals: z.object({
      made: count,
      converted: count,
      conversionRate: fraction.describe('converted ÷ made, 0..1'),
    }),
    suggestions: count,
    complaintChurn: z
      .object({
        complained: churnGroup,
        notComplained: churnGroup,
        byTier: z
          .object({ tier1: churnGroup, tier10: churnGroup, tier100: churnGroup })
          .describe('Complainers by the worst 1:10:100 tier their complaints reached'),
      })
      .describe('Churn of customers who complained vs those who did not'),
    pareto: z
      .object({
        topShare: fraction.describe('Share of purchase value held by the top customers'),
        topFraction: fraction,
        topCustomers: z
          .array(z.object({ customerId: z.string(), value: z.number().min(0), share: fraction }))
          .describe('The key customers: the top ceil(n × topFraction) by purchase value'),
        customers: count,
        totalValue: z.number().min(0),
        currencies: z.array(z.string()).describe('Currencies the amounts were given in (added as they come)'),
      })
      .describe('Customer value concentration (≈ 20% of customers bring 80% of value)'),
    asOf: z.iso.datetime(),
  })
  .meta({
    id: 'RetentionSummary',
    description: 'Referrals, suggestions, complaint → churn and the Pareto of value',
  });
