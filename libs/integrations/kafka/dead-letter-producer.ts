import type { IHeaders, Producer } from 'kafkajs';

/** A message the ingest worker could not store, with why and where it came from. */
export interface RejectedMessage {
  key: Buffer | null;
  value: Buffer | null;
  reason: string;
  message: string;
  issues: unknown[];
  topic: string;
  partition: number;
  offset: string;
}

/** The headers a dead-lettered message carries on the DLQ topic. */
export const DEAD_LETTER_HEADERS = {
  reason: 'tenfold-reason',
  message: 'tenfold-message',
  issues: 'tenfold-issues',
  sourceTopic: 'tenfold-source-topic',
  partition: 'tenfold-partition',
  offset: 'tenfold-offset',
} as const;

/** Copies rejected messages to the DLQ topic: original key and value, the reason in headers. */
export class DeadLetterProducer {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async send(rejected: RejectedMessage): Promise<void> {
    const headers: IHeaders = {
      [DEAD_LETTER_HEADERS.reason]: rejected.reason,
      [DEAD_LETTER_HEADERS.message]: rejected.message,
      [DEAD_LETTER_HEADERS.issues]: JSON.stringify(rejected.issues),
      [DEAD_LETTER_HEADERS.sourceTopic]: rejected.topic,
      [DEAD_LETTER_HEADERS.partition]: String(rejected.partition),
      [DEAD_LETTER_HEADERS.offset]: rejected.offset,
    };
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: rejected.key, value: rejected.value, headers }],
    });
  }
}
