import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PlacementsModule } from '../placements/placements.module';
import { QUEUES } from '../queues/queues';
import { TwinningPairsModule } from '../twinning-pairs/twinning-pairs.module';
import { MatchingJobs } from './matching-jobs';
import { MatchingRun } from './matching-run.entity';
import { MatchingRunsController } from './matching-runs.controller';
import { MatchingRunsService } from './matching-runs.service';

/** API side: runs are requested, read and applied here; the worker computes them (MatchingWorkerModule). */
@Module({
  imports: [
    TypeOrmModule.forFeature([MatchingRun]),
    BullModule.registerQueue({ name: QUEUES.matching }),
    AuditModule,
    PlacementsModule,
    TwinningPairsModule,
    NotificationsModule,
  ],
  controllers: [MatchingRunsController],
  providers: [MatchingRunsService, MatchingJobs],
  exports: [MatchingRunsService],
})
export class MatchingModule {}
