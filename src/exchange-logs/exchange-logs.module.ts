import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ExchangeLogsController } from './exchange-logs.controller';
import { ExchangeLogsService } from './exchange-logs.service';

@Module({
  imports: [AuditModule],
  controllers: [ExchangeLogsController],
  providers: [ExchangeLogsService],
})
export class ExchangeLogsModule {}
