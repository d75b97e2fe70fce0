import { ConfigService } from '@nestjs/config';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { FastifyRequest } from 'fastify';
import type { Environment } from '../config/environment';
import { redisOptionsFromUrl } from '../redis/redis-options';
import { normaliseEmail } from '../users/users.service';

export const LOGIN_THROTTLERS = { account: 'account', address: 'address' } as const;

const accountOf = (request: FastifyRequest) => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? `account:${normaliseEmail(email)}` : `address:${request.ip}`;
};

/**
 * Login attempts are counted per account and per client address, in Redis so that the limit holds across
 * every API copy. The guard hashes the tracker into the key, so no e-mail address is stored in Redis.
 */
export function loginThrottlerOptions(config: ConfigService<Environment, true>): ThrottlerModuleOptions {
  const ttl = config.get('LOGIN_LIMIT_WINDOW_SECONDS', { infer: true }) * 1000;
  return {
    throttlers: [
      {
        name: LOGIN_THROTTLERS.account,
        ttl,
        limit: config.get('LOGIN_LIMIT_PER_ACCOUNT', { infer: true }),
        getTracker: (request) => accountOf(request as FastifyRequest),
      },
      {
        name: LOGIN_THROTTLERS.address,
        ttl,
        limit: config.get('LOGIN_LIMIT_PER_ADDRESS', { infer: true }),
        getTracker: (request) => (request as FastifyRequest).ip,
      },
    ],
    errorMessage: 'Too many attempts; wait a minute and try again',
    storage: new ThrottlerStorageRedisService({
      ...redisOptionsFromUrl(config.get('REDIS_URL', { infer: true })),
      keyPrefix: `${config.get('REDIS_PREFIX', { infer: true })}:throttle:`,
    }),
  };
}
