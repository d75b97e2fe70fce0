import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '../auth/auth.service';
import { toProblem } from '../common/http/problem-details.filter';
import { ProblemException } from '../common/http/problem.exception';
import { QUEUES } from '../queues/queues';
import { UsersService } from '../users/users.service';

/** Outside the API prefix, like health (§9). */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * A browser cannot add a bearer header to a page it navigates to, nor to the board's own requests; after
 * `POST /admin/queues/session` with the header, the same access token rides in this cookie, sent only to the
 * board (path), never cross-site (SameSite=Strict), unreadable by scripts (HttpOnly), gone when the token expires.
 */
export const QUEUE_BOARD_COOKIE = 'queue_board_token';
const COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'strict', path: QUEUE_BOARD_PATH } as const;

const unauthenticated = (detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Unauthorized', detail);

/**
 * Bull Board (§9) over every queue of the catalogue, for admins only. Its routes are plain Fastify routes, which
 * Nest's guards never see, so this checks the access token itself, as the JWT strategy does: signature, algorithm,
 * issuer, audience and expiry, then the role and active flag from the user's row.
 */
@Injectable()
export class QueueBoard {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  /** Every queue of the catalogue (the AdminModule registers them all, so none is missing). */
  queues(): Queue[] {
    return Object.values(QUEUES).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  /** Registers the board and its session routes under QUEUE_BOARD_PATH on the app's Fastify instance. */
  async mount(app: NestFastifyApplication): Promise<void> {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: this.queues().map((queue) => new BullMQAdapter(queue)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Twinning queues' } },
    });

    await app.register(
      async (board: FastifyInstance) => {
        // Scoped to this plugin: every route of the board, its static files and its JSON API, is behind it.
        board.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
          try {
            await this.authorise(request);
          } catch (error) {
            // The shape ProblemDetailsFilter gives the API's own errors.
            const problem = toProblem(error);
            if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
            return reply
              .code(problem.status)
              .type('application/problem+json')
              .send({ ...problem, instance: request.url, requestId: request.id });
          }
        });
        board.post('/session', async (request, reply) => {
          const token = bearerToken(request)!;
          const { exp } = this.jwt.decode<{ exp: number }>(token);
          const maxAge = Math.max(0, exp - Math.floor(Date.now() / 1000));
          return reply
            .setCookie(QUEUE_BOARD_COOKIE, token, { ...COOKIE_OPTIONS, maxAge })
            .code(204)
            .send();
        });
        board.delete('/session', async (_request, reply) =>
          reply.clearCookie(QUEUE_BOARD_COOKIE, COOKIE_OPTIONS).code(204).send(),
        );
        await board.register(serverAdapter.registerPlugin());
      },
      { prefix: QUEUE_BOARD_PATH },
    );
  }

  /** Throws a 401 or 403 problem unless the request carries a valid access token of an active admin. */
  private async authorise(request: FastifyRequest): Promise<void> {
    // Opening a cookie session needs the header itself, so a stolen cookie cannot renew its own lifetime.
    const opensSession = request.method === 'POST' && request.url.split('?')[0] === `${QUEUE_BOARD_PATH}/session`;
    const token = bearerToken(request) ?? (opensSession ? undefined : request.cookies?.[QUEUE_BOARD_COOKIE]);
    if (!token) throw unauthenticated('Missing or invalid access token');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(token);
    } catch (error) {
      throw unauthenticated(
        (error as Error).name === 'TokenExpiredError' ? 'Access token has expired' : 'Missing or invalid access token',
      );
    }
    const user = await this.users.findById(claims.sub);
    if (!user?.active) throw unauthenticated('Missing or invalid access token');
    if (user.role !== 'admin') {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', 'Reserved to: admin');
    }
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}
