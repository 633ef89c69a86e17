import { z } from 'zod';

/** Metadata carried by every event (DESIGN §2). Business time is `occurredAt`. */
export const eventMetadataSchema = z.object({
  eventId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  sourceEventId: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
  causationId: z.string().min(1).optional(),
  schemaVersion: z.number().int().positive(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** A domain event: immutable data with metadata. */
export interface Event<TType extends string, TData> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** What a decider emits: the metadata is filled in by the command path. */
export interface PendingEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** Metadata the caller of a command supplies (time and provenance, never the clock). */
export interface CommandMetadata {
  occurredAt: string;
  source: string;
  sourceEventId?: string;
  actor?: string;
  correlationId?: string;
  causationId?: string;
}

export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};

/** Epoch milliseconds of an ISO instant. */
export const toMillis = (iso: string): number => Date.parse(iso);
