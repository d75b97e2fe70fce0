import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TwinningPairsModule } from '../twinning-pairs/twinning-pairs.module';
import { PlacementsController } from './placements.controller';
import { PlacementsService } from './placements.service';

/** Placements: made by hand or by applying a matching run; their lifecycle, grant and checklist. */
@Module({
  imports: [TwinningPairsModule, AuditModule, NotificationsModule],
  controllers: [PlacementsController],
  providers: [PlacementsService],
  exports: [PlacementsService],
})
export class PlacementsModule {}
