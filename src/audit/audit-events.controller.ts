import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ProblemResponse } from '../common/http/problem.response';
import { ApiPageResponse } from '../common/pagination/page';
import { AuditService } from './audit.service';
import { AuditEventQuery } from './dto/audit-event.query';
import { AuditEventResponse } from './dto/audit-event.response';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by actor, action, entity and time' })
  @ApiPageResponse(AuditEventResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  list(@Query() query: AuditEventQuery) {
    return this.audit.list(query);
  }
}
