import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, AccessRule } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemException } from '../common/http/problem.exception';

/**
 * The global guard: every route must declare `@Public()` or `@Roles(...)`; one that declares neither is
 * refused, so forgetting a rule fails closed. Declared roles are checked after the access token.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', 'This route declares no access rule');
    }
    if (rule.public) return true;
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>().user;
    if (!rule.roles.includes(user.role)) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'forbidden',
        'Forbidden',
        `Reserved to: ${rule.roles.join(', ')}`,
      );
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    if (error || !user) {
      const reason =
        info instanceof Error && info.name === 'TokenExpiredError'
          ? 'Access token has expired'
          : 'Missing or invalid access token';
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Unauthorized', reason);
    }
    return user;
  }
}
