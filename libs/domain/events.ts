import type { z } from 'zod';
import { complaintEventSchemas, type ComplaintEvent } from './complaint/events';
import { customerEventSchemas, type CustomerEvent } from './customer/events';

/** Every event type with its current data schema. Bump the version when a schema changes. */
export const eventSchemas = { ...complaintEventSchemas, ...customerEventSchemas } as const;
export type DomainEventType = keyof typeof eventSchemas;
export type DomainEvent = ComplaintEvent | CustomerEvent;
export const CURRENT_SCHEMA_VERSION = 1;

export const isDomainEventType = (type: string): type is DomainEventType =>
  Object.prototype.hasOwnProperty.call(eventSchemas, type);

/** The zod schema of one event type's data. */
export const dataSchemaOf = (type: DomainEventType): z.ZodType => eventSchemas[type] as z.ZodType;
