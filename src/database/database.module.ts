import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<Environment, true>) => ({
    ...dataSourceOptions(
      config.get('DATABASE_URL', { infer: true }),
      config.get('DATABASE_POOL_SIZE', { infer: true }),
    ),
    autoLoadEntities: false,
    // Fail fast at start instead of retrying for half a minute; the orchestrator restarts the process.
    retryAttempts: 3,
    retryDelay: 1_000,
  }),
});
