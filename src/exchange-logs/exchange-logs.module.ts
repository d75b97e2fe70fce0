import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PlacementsModule } from '../placements/placements.module';
import { ExchangeLogsController } from './exchange-logs.controller';
import { ExchangeLogsService } from './exchange-logs.service';

@Module({
  imports: [PlacementsModule, AuditModule],
  controllers: [ExchangeLogsController],
  providers: [ExchangeLogsService],
})
export class ExchangeLogsModule {}
