import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PlacementsModule } from '../placements/placements.module';
import { QUEUES } from '../queues/queues';
import { TwinningPairsModule } from '../twinning-pairs/twinning-pairs.module';
import { MatchingRun } from './matching-run.entity';
import { MatchingRunsService } from './matching-runs.service';
import { MatchingProcessor } from './matching.processor';

/** Worker side of matching: the processor of the `matching` queue. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MatchingRun]),
    BullModule.registerQueue({ name: QUEUES.matching }),
    AuditModule,
    PlacementsModule,
    TwinningPairsModule,
    NotificationsModule,
  ],
  providers: [MatchingRunsService, MatchingProcessor],
})
export class MatchingWorkerModule {}
