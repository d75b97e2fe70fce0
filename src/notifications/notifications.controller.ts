import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import { NotificationListQuery, NotificationResponse } from './dto/notification.dto';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

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

  // Above the `:id` routes, so that `preferences` is never read as an id.
  @Get('preferences')
  @Authenticated()
  @ApiOperation({ summary: 'Your notification preferences: the reminder types you do not get by e-mail' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  getPreferences(@CurrentUser() viewer: AuthenticatedUser) {
    return this.preferences.get(viewer.id);
  }

  @Put('preferences')
  @Authenticated()
  @ApiOperation({ summary: 'Set the reminder types you do not want by e-mail (they still reach your inbox)' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiBadRequestResponse({ type: ProblemResponse, description: 'A type that is not a reminder, or repeated' })
  setPreferences(@Body() body: NotificationPreferencesDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.preferences.setMutedEmailTypes(viewer.id, body.mutedEmailTypes);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse({ type: ProblemResponse, description: 'Not yours, or no such notification' })
  async read(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return NotificationResponse.from(await this.notifications.markRead(id, viewer));
  }
}
