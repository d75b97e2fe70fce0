import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../common/http/api-prefix';

/** For browser clients: the refresh token also travels as an HttpOnly cookie scoped to the auth routes. */
export const REFRESH_COOKIE = 'refresh_token';
const COOKIE_PATH = `/${API_PREFIX}/auth`;

/**
 * A cookie is sent by the browser on any request, so it is honoured only with this header, which a
 * cross-site form cannot set and a cross-origin script can set only when CORS allows that origin.
 */
export const CSRF_HEADER = 'x-requested-with';

export function setRefreshCookie(reply: FastifyReply, token: string, expires: Date): void {
  void reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    expires,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: COOKIE_PATH });
}

/** The body wins; the cookie counts only when the CSRF header is present. */
export function refreshTokenFrom(request: FastifyRequest, bodyToken: string | undefined): string | undefined {
  if (bodyToken) return bodyToken;
  if (!request.headers[CSRF_HEADER]) return undefined;
  return request.cookies?.[REFRESH_COOKIE];
}
