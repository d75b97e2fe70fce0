import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { AppLoggerModule } from './common/logging/logger.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InvitationsModule } from './invitations/invitations.module';
import { MatchingModule } from './matching/matching.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';
import { ReviewsModule } from './reviews/reviews.module';
import { StaffModule } from './staff/staff.module';
import { UsersModule } from './users/users.module';

/** The HTTP API process. */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    QueuesModule,
    HealthModule,
    AuditModule,
    UsersModule,
    InvitationsModule,
    AuthModule,
    OrganisationsModule,
    StaffModule,
    CohortsModule,
    ApplicationsModule,
    ReviewsModule,
    PrivacyModule,
    MatchingModule,
  ],
})
export class AppModule {}
