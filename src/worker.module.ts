import { Module } from '@nestjs/common';
import { CredentialsCleanupModule } from './auth/credentials-cleanup.module';
import { AppLoggerModule } from './common/logging/logger.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { MatchingWorkerModule } from './matching/matching-worker.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { PlacementsWorkerModule } from './placements/placements-worker.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** The worker process: every BullMQ processor and repeatable schedule, no HTTP. */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    QueuesModule,
    CredentialsCleanupModule,
    MatchingWorkerModule,
    PlacementsWorkerModule,
    NotificationsWorkerModule,
  ],
})
export class WorkerModule {}
