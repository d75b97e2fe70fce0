import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemResponse } from '../http/problem.response';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** Marks a creating POST as safe to retry with an `Idempotency-Key` header (§3). */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any unique string (a UUID is a good choice). The same key and body within 24 h returns the first answer ' +
        'and creates nothing new; the same key with another body is a 422.',
    }),
    ApiConflictResponse({ type: ProblemResponse, description: 'A request with this key is still being handled' }),
    ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Key reused with a different request' }),
  );
