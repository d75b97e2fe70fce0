import { RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';
import type { Environment } from '../../config/environment';

/** Anything that could be a credential is replaced before a line is written (§4, §9). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.tokenHash',
  '*.accessToken',
  '*.refreshToken',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuses a caller's X-Request-Id when it looks like one (so ids follow a request across services), else makes one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<Environment, true>) => {
    const file = config.get('LOG_FILE', { infer: true });
    return {
      // Named wildcard (path-to-regexp v8); the legacy '*' default logs a conversion warning at start.
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      pinoHttp: {
        level: config.get('LOG_LEVEL', { infer: true }),
        // Fastify assigns the id first (see app.setup.ts); reuse it so log lines and answers agree.
        genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? requestIdOf(request),
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        // The middleware sees the path below its mount point in `url`; the whole path is in `originalUrl`.
        autoLogging: {
          ignore: (request) =>
            ((request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '').startsWith(
              '/health/',
            ),
        },
        // Only method and path: query strings and bodies may hold personal data.
        serializers: {
          req: (request: { id: string; method: string; url: string }) => ({
            id: request.id,
            method: request.method,
            path: request.url?.split('?')[0],
          }),
          // The status is what a reader needs; the answer's headers (mostly helmet's) tripled each line's size.
          res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        },
        stream: file ? pino.destination({ dest: file, sync: true, mkdir: true }) : undefined,
      },
    };
  },
});
