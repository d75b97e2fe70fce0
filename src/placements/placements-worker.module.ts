import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QUEUES } from '../queues/queues';
import { TwinningPairsModule } from '../twinning-pairs/twinning-pairs.module';
import { PlacementsCalendarProcessor } from './placements-calendar.processor';
import { PlacementsService } from './placements.service';

/** Worker side of placements: the calendar job. */
@Module({
  imports: [
    BullModule.registerQueue({ name: QUEUES.placements }),
    TwinningPairsModule,
    AuditModule,
    NotificationsModule,
  ],
  providers: [PlacementsService, PlacementsCalendarProcessor],
})
export class PlacementsWorkerModule {}
