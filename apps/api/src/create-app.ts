import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { TenfoldConfig } from '../../../libs/config/config';
import { AppModule } from './app.module';

const LEVELS: Record<TenfoldConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Build the HTTP app (Fastify) for a configuration; the caller listens. */
export const createApp = async (config: TenfoldConfig): Promise<NestFastifyApplication> => {
  const adapter = new FastifyAdapter({ bodyLimit: config.maxBodyBytes, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    // JSON lines for log shippers; coloured text when a person watches a terminal.
    logger: new ConsoleLogger({ logLevels: LEVELS[config.logLevel], json: config.logFormat === 'json', colors: config.logFormat === 'pretty' }),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(
    ['application/x-ndjson', 'application/ndjson', 'text/plain'],
    { parseAs: 'string', bodyLimit: config.maxBodyBytes },
    (_request, body, done) => done(null, body),
  );
  app.enableShutdownHooks();
  return app;
};
