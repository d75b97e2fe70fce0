import { BullModule } from '@nestjs/bullmq';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { DEFAULT_JOB_OPTIONS } from './queues';

/** BullMQ's connection, shared by the API (producers) and the worker (processors). */
export const QueuesModule = BullModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<Environment, true>) => ({
    // BullMQ's blocking workers need unlimited retries per request.
    connection: { url: config.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: null },
    prefix: `${config.get('REDIS_PREFIX', { infer: true })}:bull`,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  }),
});
