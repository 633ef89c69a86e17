import { Kafka, logLevel, type LogEntry } from 'kafkajs';

/** Where Kafka roles report: structured lines with a message and a context object. */
export interface KafkaLogger {
  error(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  log(message: string, context?: Record<string, unknown>): void;
}

/** A kafkajs client whose own warnings and errors go to our logger (its info chatter is dropped). */
export const createKafka = (options: { clientId: string; brokers: string[]; logger: KafkaLogger }): Kafka => {
  if (options.brokers.length === 0) throw new Error('KAFKA_BROKERS is empty: set it to host:port[,host:port]');
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, namespace, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...context } = log;
        const line = `kafkajs ${namespace}: ${message}`;
        if (level === logLevel.ERROR || level === logLevel.NOTHING) options.logger.error(line, context);
        else options.logger.warn(line, context);
      },
  });
};
