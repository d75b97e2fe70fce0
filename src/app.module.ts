import { Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { AppLoggerModule } from './common/logging/logger.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExchangeLogsModule } from './exchange-logs/exchange-logs.module';
import { HealthModule } from './health/health.module';
import { InvitationsModule } from './invitations/invitations.module';
import { JointProjectsModule } from './joint-projects/joint-projects.module';
import { MatchingModule } from './matching/matching.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ParticipantReportsModule } from './participant-reports/participant-reports.module';
import { PlacementsModule } from './placements/placements.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';
import { ReportsModule } from './reports/reports.module';
import { ReviewsModule } from './reviews/reviews.module';
import { StaffModule } from './staff/staff.module';
import { TwinningPairsModule } from './twinning-pairs/twinning-pairs.module';
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
    JointProjectsModule,
    PlacementsModule,
    TwinningPairsModule,
    ExchangeLogsModule,
    ParticipantReportsModule,
    NotificationsModule,
    ReportsModule,
    AdminModule,
  ],
})
export class AppModule {}
