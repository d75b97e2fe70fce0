import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PlacementsModule } from '../placements/placements.module';
import { QUEUES } from '../queues/queues';
import { MatchingRun } from './matching-run.entity';
import { MatchingRunsController } from './matching-runs.controller';
import { MatchingRunsService } from './matching-runs.service';

/** API side: runs are requested, read and applied here; the worker computes them (MatchingWorkerModule). */
@Module({
  imports: [
    TypeOrmModule.forFeature([MatchingRun]),
    BullModule.registerQueue({ name: QUEUES.matching }),
    PlacementsModule,
    AuditModule,
  ],
  controllers: [MatchingRunsController],
  providers: [MatchingRunsService],
  exports: [MatchingRunsService],
})
export class MatchingModule {}
