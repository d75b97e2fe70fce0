import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import { AdminNotificationsService } from './admin-notifications.service';
import { AdminNotificationListQuery, AdminNotificationResponse } from './dto/admin-notification.dto';

@ApiTags('admin')
@Controller('admin/notifications')
export class AdminNotificationsController {
  constructor(private readonly notifications: AdminNotificationsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "Every recipient's notifications with their delivery state, newest first" })
  @ApiPageResponse(AdminNotificationResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: AdminNotificationListQuery) {
    const page = await this.notifications.list(query);
    return { ...page, items: page.items.map(AdminNotificationResponse.from) };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Send the failed channels of a notification again, with fresh attempts' })
  @ApiOkResponse({ type: AdminNotificationResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'No channel has failed, or it is being delivered' })
  async retry(@UuidParam() id: string) {
    return AdminNotificationResponse.from(await this.notifications.retry(id));
  }
}
