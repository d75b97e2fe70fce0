import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ParticipantReportsController } from './participant-reports.controller';
import { ParticipantReportsService } from './participant-reports.service';

@Module({
  imports: [AuditModule],
  controllers: [ParticipantReportsController],
  providers: [ParticipantReportsService],
  exports: [ParticipantReportsService],
})
export class ParticipantReportsModule {}
