import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, StreamNotFound } from '../../../../libs/domain/shared/domain-error';
import { DeadLetterNotFound } from '../../../../libs/ingestion/dead-letter-retry';
import { WrongExpectedVersion } from '../../../../libs/event-store/event-store.port';

/** The one place errors become HTTP answers: `{ statusCode, error, reason?, message, issues? }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.toResponse(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(status).send(body);
  }

  private toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const status = exception.getStatus();
      const body = typeof response === 'object' ? (response as Record<string, unknown>) : { message: response };
      return { status, body: { statusCode: status, ...body } };
    }
    if (exception instanceof StreamNotFound || exception instanceof DeadLetterNotFound) {
      return this.plain(404, 'Not Found', exception.message, exception instanceof DomainError ? exception.code : 'not_found');
    }
    if (exception instanceof DomainError) return this.plain(409, 'Conflict', exception.message, exception.code);
    if (exception instanceof WrongExpectedVersion) return this.plain(409, 'Conflict', exception.message, exception.code);
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return this.plain(fastifyError.statusCode, 'Bad Request', fastifyError.message ?? 'Bad request', fastifyError.code);
    }
    return this.plain(500, 'Internal Server Error', 'Internal server error', 'internal');
  }

  private plain(status: number, error: string, message: string, reason?: string) {
    return { status, body: { statusCode: status, error, ...(reason ? { reason } : {}), message } };
  }
}
