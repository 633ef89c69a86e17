import { z } from 'zod';

/** Response shape of `GET /views/satisfaction/summary` (OpenAPI, and the e2e test parses answers with it). */

const count = z.number().int().min(0);

export const csatSummarySchema = z
  .object({
    responses: count,
    average: z.number().nullable().describe('Mean CSAT (1–5), two decimals; null without responses'),
    satisfiedPct: z
      .number()
      .min(0)
      .max(100)
      .nullable()
      .describe('Percentage 0..100 of CSAT 4–5, one decimal'),
  })
  .meta({ id: 'CsatSummary' });

export const npsSummarySchema = z
  .object({
    responses: count,
    promoters: count.describe('NPS 9–10'),
    passives: count.describe('NPS 7–8'),
    detractors: count.describe('NPS 0–6'),
    score: z
      .number()
      .min(-100)
      .max(100)
      .nullable()
      .describe('% promoters − % detractors, −100..100, one decimal'),
  })
  .meta({ id: 'NpsSummary' });

const attitude = z
  .object({ dissatisfied: count, satisfied: count, delighted: count })
  .describe('Answers of both kinds by attitude');

const groupFields = {
  csat: csatSummarySchema,
  nps: npsSummarySchema,
  attitude,
  formalComplaints: count.describe('Formal complaints raised in the group'),
};

export const satisfactionSummarySchema = z
  .object({
    csat: csatSummarySchema,
    nps: npsSummarySchema,
    attitude,
    iceberg: z
      .object({
        formal: count.describe('Formal complaints raised'),
        voicedElsewhere: count.describe('Estimated unhappy customers who told staff or others'),
        silent: count.describe('Estimated unhappy customers who said nothing'),
        estimatedUnhappy: count.describe('All estimated unhappy customers: formal ÷ formal ratio'),
      })
      .describe('The complaint iceberg under the configured ratios (TENFOLD_ICEBERG_RATIOS)'),
    byMonth: z.array(
      z.object({ month: z.string().describe('YYYY-MM in the configured time zone'), ...groupFields }),
    ),
    byChannel: z.array(
      z.object({
        channel: z.string().nullable().describe('Of the complaint a score refers to; null: none'),
        ...groupFields,
      }),
    ),
    byCategory: z.array(z.object({ category: z.string().nullable(), ...groupFields })),
    asOf: z.iso.datetime(),
  })
  .meta({
    id: 'SatisfactionSummary',
    description: 'CSAT, NPS, attitude and the complaint iceberg, with breakdowns',
  });
