import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import { NotificationListQuery, NotificationResponse } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Your in-app inbox: every notification sent to you, newest first' })
  @ApiPageResponse(NotificationResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async inbox(@Query() query: NotificationListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.notifications.inbox(query, viewer);
    return { ...page, items: page.items.map(NotificationResponse.from) };
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiOkResponse({ schema: { type: 'object', properties: { updated: { type: 'integer' } } } })
  async readAll(@CurrentUser() viewer: AuthenticatedUser) {
    return { updated: await this.notifications.markAllRead(viewer) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: NotificationResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiNotFoundResponse({ type: ProblemResponse, description: 'Not yours, or no such notification' })
  async read(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return NotificationResponse.from(await this.notifications.markRead(id, viewer));
  }
}
