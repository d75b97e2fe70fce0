import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import type { Environment } from '../config/environment';
import { redisOptionsFromUrl } from './redis-options';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** A shared client for readiness checks and small reads; queues and rate limits open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const redis = new Redis({
          ...redisOptionsFromUrl(config.get('REDIS_URL', { infer: true })),
          keyPrefix: `${config.get('REDIS_PREFIX', { infer: true })}:`,
          maxRetriesPerRequest: 1,
          // Keep trying to reconnect; readiness reports the outage meanwhile.
          retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
        });
        // Without a listener ioredis prints "Unhandled error event" with a stack on every failed reconnect.
        const logger = new Logger('Redis');
        redis.on('error', (error: Error) => logger.warn(`Redis connection: ${error.message}`));
        return redis;
      },
    },
    RedisShutdown,
  ],
  exports: [REDIS],
})
export class RedisModule {}
