import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { rejected, type IngestOutcome } from '../../../../libs/ingestion/ingest-outcome';

/** One item of a request body: a parsed value, or the reason it could not be parsed. */
export type BodyItem = { value: unknown } | { error: IngestOutcome };

/** Split a request body into items: one envelope, a JSON array, or NDJSON lines. */
export const bodyItems = (body: unknown, contentType: string | undefined, maxItems: number): BodyItem[] => {
  let items: BodyItem[];
  if (typeof body === 'string' && (contentType ?? '').includes('ndjson')) {
    items = body
      .split('\n')
      .map((line, lineNo) => ({ line: line.trim(), lineNo }))
      .filter(({ line }) => line.length > 0)
      .map(({ line, lineNo }) => {
        try {
          return { value: JSON.parse(line) as unknown };
        } catch (error) {
          return { error: rejected('invalid_json', `Line ${lineNo + 1} is not JSON: ${(error as Error).message}`) };
        }
      });
  } else if (Array.isArray(body)) {
    items = body.map((value) => ({ value }));
  } else if (typeof body === 'object' && body !== null) {
    items = [{ value: body }];
  } else {
    throw new BadRequestException({
      error: 'Bad Request',
      reason: 'invalid_body',
      message: 'Send one envelope as a JSON object, a JSON array of envelopes, or NDJSON (Content-Type: application/x-ndjson)',
    });
  }
  if (items.length === 0) {
    throw new BadRequestException({ error: 'Bad Request', reason: 'empty_body', message: 'The body holds no envelope' });
  }
  if (items.length > maxItems) {
    throw new PayloadTooLargeException({
      error: 'Payload Too Large',
      reason: 'too_many_items',
      message: `At most ${maxItems} envelopes per request (got ${items.length}); split the batch`,
    });
  }
  return items;
};
