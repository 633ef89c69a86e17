import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

/**
 * What the OpenAPI document says about one route beyond what Nest already knows. Query and body
 * schemas are read from the route's ZodPipe, so they are only given here when no ZodPipe validates them.
 */
export interface ApiDocSpec {
  summary: string;
  description?: string;
  /** The JSON body of the success answer. */
  response?: z.ZodType;
  /** Success status when not 200. */
  status?: number;
  /** A success answer that is not JSON (HTML, an event stream, a file). */
  content?: { type: string; description: string; schema?: z.ZodType };
  /** Request body, when the route does not validate it with a ZodPipe. */
  body?: { schema: z.ZodType; description?: string; optional?: boolean; extraTypes?: string[] };
  /** Error answers beyond the 400 of an invalid query or body, status → description. */
  errors?: Record<number, string>;
  tag?: string;
}

export const API_DOC = 'tenfold:api-doc';

/** Document a route in the OpenAPI page (`/docs`). */
export const ApiDoc = (spec: ApiDocSpec): MethodDecorator => SetMetadata(API_DOC, spec);
