import type { z } from 'zod';
import type {
  complaintDetailsSchema,
  complaintHistorySchema,
} from '../../../libs/projections/complaint/complaint-schemas';
import type {
  loyaltyPageSchema,
  loyaltySummarySchema,
} from '../../../libs/projections/loyalty/loyalty-schemas';
import type { retentionSummarySchema } from '../../../libs/projections/retention/retention-schemas';
import type { satisfactionSummarySchema } from '../../../libs/projections/satisfaction/satisfaction-schemas';
import type {
  atRiskSchema,
  slaFacetsSchema,
  slaSummarySchema,
  slaTimelineSchema,
} from '../../../libs/projections/sla/sla-schemas';

// The page's types are the API's response schemas (type-only imports: nothing of zod is bundled).
export type SlaSummary = z.output<typeof slaSummarySchema>;
export type SlaTimeline = z.output<typeof slaTimelineSchema>;
export type SlaFacets = z.output<typeof slaFacetsSchema>;
export type AtRisk = z.output<typeof atRiskSchema>;
export type AtRiskItem = AtRisk['items'][number];
export type ComplaintDetails = z.output<typeof complaintDetailsSchema>;
export type ComplaintHistory = z.output<typeof complaintHistorySchema>;
export type LoyaltySummary = z.output<typeof loyaltySummarySchema>;
export type LoyaltyPage = z.output<typeof loyaltyPageSchema>;
export type SatisfactionSummary = z.output<typeof satisfactionSummarySchema>;
export type RetentionSummary = z.output<typeof retentionSummarySchema>;

export type Query = Record<string, string | undefined>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const getJson = async <T>(path: string, query: Query = {}): Promise<T> => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, value);
  const url = params.size > 0 ? `${path}?${params}` : path;
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, `${url} answered ${response.status}`);
  return (await response.json()) as T;
};

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
}

/**
 * What this server offers, read from its OpenAPI document: panels whose view is not there are left
 * out, and filters are only sent to endpoints that take them.
 */
export class Capabilities {
  private constructor(private readonly doc: OpenApiDoc) {}

  static async load(): Promise<Capabilities> {
    return new Capabilities(await getJson<OpenApiDoc>('/docs/openapi.json'));
  }

  has(path: string): boolean {
    return Boolean(this.doc.paths[path]?.get);
  }

  /** Keep only the query parameters the endpoint declares. */
  accepted(path: string, query: Query): Query {
    const names = new Set(
      (this.doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    );
    return Object.fromEntries(Object.entries(query).filter(([name]) => names.has(name)));
  }
}
