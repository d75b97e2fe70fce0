import { Module } from '@nestjs/common';
import { ApplicationsModule } from './applications/applications.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoExchanges } from './demo/demo-exchanges';
import { DemoProgramme } from './demo/demo-programme';
import { DemoSeed } from './demo/demo-seed';
import { AuditModule } from './audit/audit.module';
import { InvitationsModule } from './invitations/invitations.module';
import { JointProjectsModule } from './joint-projects/joint-projects.module';
import { MatchingRunsService } from './matching/matching-runs.service';
import { ParticipantReportsModule } from './participant-reports/participant-reports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PlacementsModule } from './placements/placements.module';
import { ReviewsModule } from './reviews/reviews.module';
import { TwinningPairsModule } from './twinning-pairs/twinning-pairs.module';
import { UsersModule } from './users/users.module';

/** What the command-line tasks need: the database and the services that own the rules, no HTTP or queues. */
@Module({
  imports: [
    AppConfigModule,
    DatabaseModule,
    UsersModule,
    InvitationsModule,
    CohortsModule,
    ApplicationsModule,
    ReviewsModule,
    AuditModule,
    PlacementsModule,
    TwinningPairsModule,
    NotificationsModule,
    ParticipantReportsModule,
    JointProjectsModule,
  ],
  // Matching runs are computed in place for the demo: no queue, so the CLI needs no Redis.
  providers: [DemoSeed, DemoProgramme, DemoExchanges, MatchingRunsService],
})
export class CliModule {}
