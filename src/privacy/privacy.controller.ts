import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { UuidParam } from '../common/http/uuid-param';
import { PrivacyService } from './privacy.service';

@ApiTags('staff')
@Controller('staff')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get(':id/export')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({
    summary: 'Everything held about a person, as JSON (subject access)',
    description: 'Participants may export their own profile. Reviews are included for coordinators and admins.',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  async export(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.privacy.export(id, viewer);
  }

  @Post(':id/erase')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: "Erase a person's personal data (right to erasure)",
    description: 'Names, e-mail addresses and free text become placeholders; counts and aggregates stay as they were.',
  })
  @ApiNoContentResponse()
  async erase(@UuidParam() id: string, @CurrentUser() actor: AuthenticatedUser) {
    await this.privacy.erase(id, actor.id);
  }
}
