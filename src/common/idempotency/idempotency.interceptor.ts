import { CallHandler, ExecutionContext, HttpStatus, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ProblemException, ValidationProblem } from '../http/problem.exception';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** A key claimed this long ago and still unanswered belongs to a request that died; it may be claimed again. */
const ABANDONED_AFTER = '2 minutes';

/** JSON with object keys sorted, so that the same body sent with its keys in another order matches. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface StoredAnswer {
  fingerprint: string;
  response_status: number | null;
  response_body: unknown;
}

/**
 * `Idempotency-Key` for creating POSTs (§3). The key is claimed by an insert, so two concurrent requests with
 * one key cannot both run: the second gets 409 while the first is in flight, and its stored answer afterwards.
 * A failed request releases the key, so the client may retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || !request.user) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ValidationProblem([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const userId = request.user.id;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url.split('?')[0]} ${canonical(request.body)}`)
      .digest('hex');

    // Claims a new key, an expired one, or one whose first request died unanswered, in one statement; no row
    // back means someone holds it.
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, expires_at)
       VALUES ($1, $2, $3, now() + interval '24 hours')
       ON CONFLICT (user_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, response_status = NULL, response_body = NULL,
              created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_keys.expires_at <= now()
           OR (idempotency_keys.response_status IS NULL
               AND idempotency_keys.created_at < now() - interval '${ABANDONED_AFTER}')
       RETURNING key`,
      [userId, key, fingerprint],
    );
    if (!claimed.length) return of(await this.replay(userId, key, fingerprint, reply));

    return next.handle().pipe(
      // The request failed: release the key so that the client may retry.
      catchError((error: unknown) =>
        from(this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [userId, key])).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
      // The change is committed: failing to store its answer must neither turn it into an error nor free the key
      // for a duplicate; the key can be claimed again once abandoned.
      mergeMap((body) =>
        from(
          this.dataSource
            .query(
              `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
              [userId, key, reply.statusCode, JSON.stringify(body ?? null)],
            )
            .then(
              () => body,
              (error: unknown) => {
                this.logger.warn({ err: error }, 'could not store the answer of an idempotent request');
                return body;
              },
            ),
        ),
      ),
    );
  }

  private async replay(userId: string, key: string, fingerprint: string, reply: FastifyReply): Promise<unknown> {
    const [stored]: StoredAnswer[] = await this.dataSource.query(
      `SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!stored) {
      throw new ProblemException(HttpStatus.CONFLICT, 'idempotency-key-in-use', 'Conflict', 'Retry the request');
    }
    if (stored.fingerprint !== fingerprint) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'idempotency-key-reused',
        'Idempotency key reused',
        'This Idempotency-Key was already used with a different request; use a new key',
      );
    }
    if (stored.response_status === null) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'idempotency-key-in-use',
        'Conflict',
        'A request with this Idempotency-Key is still being handled; retry shortly',
      );
    }
    void reply.status(stored.response_status).header('idempotent-replayed', 'true');
    return stored.response_body;
  }
}
