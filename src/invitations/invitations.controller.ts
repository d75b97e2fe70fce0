import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationListQuery } from './dto/invitation-list.query';
import { InvitationResponse } from './dto/invitation.response';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({
    summary: 'Invite someone by e-mail',
    description:
      'The invitee receives a link to set a password (`POST /auth/accept-invitation`). A new invitation replaces a pending one for the same address.',
  })
  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'An account with this e-mail exists' })
  async create(@Body() body: CreateInvitationDto, @CurrentUser() actor: AuthenticatedUser) {
    const { invitation } = await this.invitations.create(body, actor);
    return InvitationResponse.from(invitation);
  }

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Invitations, newest first' })
  @ApiPageResponse(InvitationResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: InvitationListQuery) {
    const page = await this.invitations.list(query);
    return { ...page, items: page.items.map((invitation) => InvitationResponse.from(invitation)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Revoke a pending invitation: its link stops working' })
  @ApiNoContentResponse()
  async revoke(@UuidParam() id: string, @CurrentUser() actor: AuthenticatedUser): Promise<void> {
    await this.invitations.revoke(id, actor.id);
  }
}
