import { Body, Controller, Delete, Get, Header, HttpCode, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { RegisteredWebhookResponse, RegisterWebhookDto, WebhookResponse } from './dto/webhook.dto';
import { WebhookService } from './webhook.service';

@ApiTags('notifications')
@Controller('notifications/webhook')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Put()
  @Authenticated()
  // The answer carries the secret: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Register (or replace) your webhook: every notification of yours is POSTed there, signed (docs/webhooks.md)',
  })
  @ApiOkResponse({ type: RegisteredWebhookResponse, description: 'The secret is shown this once' })
  @ApiBadRequestResponse({ type: ProblemResponse, description: 'Not an https: URL' })
  @ApiUnprocessableEntityResponse({
    type: ProblemResponse,
    description:
      'The host is, or resolves to, a loopback, private or otherwise non-public address, or does not resolve',
  })
  register(@Body() body: RegisterWebhookDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.webhooks.register(viewer.id, body.url);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Your webhook (never its secret)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ type: ProblemResponse, description: 'You have registered none' })
  get(@CurrentUser() viewer: AuthenticatedUser) {
    return this.webhooks.get(viewer.id);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove your webhook; notifications not yet sent there are not sent' })
  @ApiNoContentResponse()
  async remove(@CurrentUser() viewer: AuthenticatedUser) {
    await this.webhooks.remove(viewer.id);
  }
}
