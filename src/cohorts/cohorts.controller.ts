import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { ApiPageResponse } from '../common/pagination/page';
import { Cohort } from './cohort.entity';
import { CohortsService } from './cohorts.service';
import { CohortFundersDto, CohortListQuery, CohortReviewersDto, CohortTransitionDto } from './dto/cohort-requests.dto';
import { CohortResponse } from './dto/cohort.response';
import { CreateCohortDto } from './dto/create-cohort.dto';
import { UpdateCohortDto } from './dto/update-cohort.dto';

@ApiTags('cohorts')
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  private async present(cohort: Cohort, viewer: AuthenticatedUser): Promise<CohortResponse> {
    const counts = await this.cohorts.applicationCounts([cohort.id]);
    return CohortResponse.from(cohort, counts.get(cohort.id)!, viewer.role);
  }

  @Post()
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({ summary: 'Open a draft cohort; unset rules take the EU-China programme defaults' })
  @ApiCreatedResponse({ type: CohortResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  async create(@Body() body: CreateCohortDto, @CurrentUser() actor: AuthenticatedUser) {
    return this.present(await this.cohorts.create(body, actor.id), actor);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Cohorts visible to the caller',
    description: 'Reviewers: assigned ones. Participants: open and active ones, and those applied to. Funders: funded.',
  })
  @ApiPageResponse(CohortResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: CohortListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.cohorts.list(query, viewer);
    const counts = await this.cohorts.applicationCounts(page.items.map((cohort) => cohort.id));
    return {
      ...page,
      items: page.items.map((cohort) => CohortResponse.from(cohort, counts.get(cohort.id)!, viewer.role)),
    };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One cohort visible to the caller, with its application counts' })
  @ApiOkResponse({ type: CohortResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.present(await this.cohorts.get(id, viewer), viewer);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "Change a cohort's settings (sides only while a draft; a closed cohort is read-only)" })
  @ApiOkResponse({ type: CohortResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Closed cohort; sides after draft' })
  async update(@UuidParam() id: string, @Body() body: UpdateCohortDto, @CurrentUser() actor: AuthenticatedUser) {
    return this.present(await this.cohorts.update(id, body, actor.id), actor);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Move the cohort one step forward: draft → open → matching → active → closed' })
  @ApiOkResponse({ type: CohortResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Not the next step; the answer names the allowed one' })
  async transition(
    @UuidParam() id: string,
    @Body() body: CohortTransitionDto,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    return this.present(await this.cohorts.transition(id, body.to, actor.id), actor);
  }

  @Put(':id/reviewers')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "Set the cohort's selection committee (reviewer accounts)" })
  @ApiOkResponse({ type: CohortResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'An id is not a reviewer account' })
  async assignReviewers(
    @UuidParam() id: string,
    @Body() body: CohortReviewersDto,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    return this.present(await this.cohorts.assignReviewers(id, body.userIds, actor.id), actor);
  }

  @Put(':id/funders')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "Set the cohort's funding organisations; their funder accounts then see it" })
  @ApiOkResponse({ type: CohortResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'An id is not an organisation' })
  async assignFunders(
    @UuidParam() id: string,
    @Body() body: CohortFundersDto,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    return this.present(await this.cohorts.assignFunders(id, body.organisationIds, actor.id), actor);
  }
}
