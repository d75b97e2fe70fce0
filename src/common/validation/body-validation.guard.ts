import { CanActivate, ExecutionContext, Injectable, mixin, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from './validation.pipe';

/**
 * Validates the body before later guards read it. Pipes run after guards, so routes whose guard consumes
 * the body (passport-local login) would otherwise check credentials on unvalidated input.
 */
export function BodyValidationGuard(dto: Type<object>): Type<CanActivate> {
  @Injectable()
  class ValidateBody implements CanActivate {
    private readonly pipe = createValidationPipe();

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      request.body = await this.pipe.transform(request.body ?? {}, { type: 'body', metatype: dto });
      return true;
    }
  }
  return mixin(ValidateBody);
}
