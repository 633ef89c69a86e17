import { z } from 'zod';

/** The body of every error answer (see HttpErrorFilter). */
export const httpErrorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    reason: z
      .string()
      .optional()
      .describe('Machine-readable reason, e.g. complaint_not_found, invalid_request'),
    message: z.string(),
    issues: z.array(z.unknown()).optional().describe('zod issues of an invalid request'),
  })
  .meta({ id: 'Error', description: 'An error answer' });
