import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemResponse } from '../http/problem.response';
import type { AuthenticatedUser } from './authenticated-user';
import type { Role } from './role';

export const ACCESS_KEY = 'access';

/** The one declaration of who may call a route; a route without one is refused (deny by default). */
export type AccessRule = { public: true } | { public: false; roles: readonly Role[] };

/** Any signed-in user whose role is listed may call the route; object-level checks stay in the service. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No, expired or invalid access token', type: ProblemResponse }),
    ApiForbiddenResponse({ description: `Allowed roles: ${roles.join(', ')}`, type: ProblemResponse }),
  );

/** Every signed-in role. */
export const Authenticated = () => Roles('admin', 'coordinator', 'reviewer', 'participant', 'funder');

export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>();
  return request.user;
});
