import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { CONSTRAINT_PROBLEMS } from './constraint-problems';
import { ProblemException } from './problem.exception';

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

const problemType = (slug: string) => `/problems/${slug}`;

/** PostgreSQL error codes that mean the client's request, not the server, is at fault. */
const DATABASE_PROBLEMS: Record<string, { status: HttpStatus; slug: string; detail: string }> = {
  '23505': {
    status: HttpStatus.CONFLICT,
    slug: 'duplicate',
    detail: 'A record with the same unique value already exists',
  },
  '23503': {
    status: HttpStatus.CONFLICT,
    slug: 'reference',
    detail: 'A referenced record does not exist or is still referenced',
  },
  '23514': { status: HttpStatus.UNPROCESSABLE_ENTITY, slug: 'rule', detail: 'The change breaks a programme rule' },
  '23P01': { status: HttpStatus.CONFLICT, slug: 'overlap', detail: 'The change overlaps an existing record' },
  '40001': { status: HttpStatus.CONFLICT, slug: 'concurrent-change', detail: 'A concurrent change won; retry' },
  '40P01': { status: HttpStatus.CONFLICT, slug: 'concurrent-change', detail: 'A concurrent change won; retry' },
  '55P03': { status: HttpStatus.CONFLICT, slug: 'concurrent-change', detail: 'The record is being changed; retry' },
  // A required value sent as null that validation let through: the client's to fix.
  '23502': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A required value is missing' },
  '22P02': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A value is malformed' },
  '22007': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A date or time is malformed' },
  '22008': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A date or time is out of range' },
  '22003': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A number is out of range' },
  '22001': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A value is too long' },
  // A NUL character (U+0000) in text: valid JSON and a valid query, but PostgreSQL cannot store or compare it.
  '22021': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A text contains a character not allowed' },
  // The same in a JSON value (a jsonb column).
  '22P05': { status: HttpStatus.BAD_REQUEST, slug: 'malformed', detail: 'A text contains a character not allowed' },
};

/** Turns any thrown value into a problem-details body. Pure, so Fastify's own error handler can share it. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemException) {
    return {
      type: problemType(error.slug),
      title: error.title,
      status: error.getStatus(),
      ...(error.detail ? { detail: error.detail } : {}),
      ...error.extensions,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const title = STATUS_CODES[status] ?? 'Error';
    const detail = typeof message === 'string' && message !== title ? message : undefined;
    return { type: 'about:blank', title, status, ...(detail ? { detail } : {}) };
  }
  if (error instanceof QueryFailedError) {
    const { code, constraint } = error.driverError as { code?: string; constraint?: string };
    const known = CONSTRAINT_PROBLEMS[constraint ?? ''] ?? DATABASE_PROBLEMS[code ?? ''];
    if (known) {
      return {
        type: problemType(known.slug),
        title: STATUS_CODES[known.status] ?? 'Error',
        status: known.status,
        detail: known.detail,
      };
    }
  }
  // Errors raised by Fastify itself (malformed JSON, body too large, unsupported media type) carry a 4xx statusCode.
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      type: 'about:blank',
      title: STATUS_CODES[statusCode] ?? 'Error',
      status: statusCode,
      detail: String((error as Error).message),
    };
  }
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred' };
}

function sendProblem(problem: ProblemDetails, request: FastifyRequest, reply: FastifyReply): void {
  // RFC 9110: a 401 names the scheme the client should use.
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url, requestId: request.id });
}

/**
 * Fastify's router answers some malformed URLs itself, before any route (and so before Nest's filter): a broken
 * percent-encoding, a path parameter longer than allowed. Passed as its `frameworkErrors` option.
 */
export function answerFrameworkError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(toProblem(error), request, reply);
}

/**
 * Node refuses a request it cannot parse (a request line and headers over 16 KiB, broken HTTP) before Fastify
 * has one; Fastify's `clientErrorHandler` then writes the answer on the socket itself.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : HttpStatus.BAD_REQUEST;
  const title = STATUS_CODES[status]!;
  const detail = status === 431 ? 'The request line and headers are too large' : 'The request could not be read';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = toProblem(error);
    if (problem.status >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    sendProblem(problem, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
