import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { ApiPageResponse } from '../common/pagination/page';
import { ApplicationsService } from './applications.service';
import { ApplicationListQuery, ApplicationTransitionDto } from './dto/application-requests.dto';
import { ApplicationResponse } from './dto/application.response';
import { CreateApplicationDto } from './dto/create-application.dto';
import { UpdateApplicationDto } from './dto/update-application.dto';

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('admin', 'coordinator', 'participant')
  @Idempotent()
  @ApiOperation({
    summary: 'Apply to an open cohort',
    description: 'Participants apply for their own profile; coordinators name the staffId. One per staff and cohort.',
  })
  @ApiCreatedResponse({ type: ApplicationResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'An application for this staff and cohort exists' })
  @ApiUnprocessableEntityResponse({
    type: ProblemResponse,
    description: 'Cohort not open; partner or preferred host not on the other side or not hosting',
  })
  async create(@Body() body: CreateApplicationDto, @CurrentUser() viewer: AuthenticatedUser) {
    return ApplicationResponse.from(await this.applications.create(body, viewer), viewer);
  }

  @Get()
  @Roles('admin', 'coordinator', 'reviewer', 'participant')
  @ApiOperation({
    summary: 'Applications visible to the caller, with review average and count',
    description: 'Reviewers: those of their cohorts, without contact data. Participants: their own, without scores.',
  })
  @ApiPageResponse(ApplicationResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: ApplicationListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.applications.list(query, viewer);
    return { ...page, items: page.items.map((item) => ApplicationResponse.from(item, viewer)) };
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'reviewer', 'participant')
  @ApiOperation({ summary: 'One application visible to the caller' })
  @ApiOkResponse({ type: ApplicationResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return ApplicationResponse.from(await this.applications.get(id, viewer), viewer);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'Change an application (participants: own, while submitted and the cohort open)' })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async update(@UuidParam() id: string, @Body() body: UpdateApplicationDto, @CurrentUser() viewer: AuthenticatedUser) {
    return ApplicationResponse.from(await this.applications.update(id, body, viewer), viewer);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({
    summary: 'Accept, reject or withdraw',
    description:
      'Coordinators accept or reject (while the cohort is open or matching). Participants withdraw their own while it is open.',
  })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Not allowed from this status; names the allowed ones' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'The cohort is past the stage for it' })
  async transition(
    @UuidParam() id: string,
    @Body() body: ApplicationTransitionDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    return ApplicationResponse.from(await this.applications.transition(id, body.to, viewer), viewer);
  }
}
