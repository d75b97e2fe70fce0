import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
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
import { CreateJointProjectDto } from './dto/create-joint-project.dto';
import { JointProjectListQuery, JointProjectTransitionDto } from './dto/joint-project-requests.dto';
import { JointProjectResponse, MilestoneResponse } from './dto/joint-project.response';
import { CreateMilestoneDto, UpdateMilestoneDto } from './dto/milestone.dto';
import { UpdateJointProjectDto } from './dto/update-joint-project.dto';
import { JointProjectsService } from './joint-projects.service';

@ApiTags('joint projects')
@Controller('joint-projects')
export class JointProjectsController {
  constructor(private readonly projects: JointProjectsService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({
    summary: 'Record a joint project of a cohort, as an idea',
    description: "Two or more partners, at least one from each of the cohort's sides; placements of the cohort only.",
  })
  @ApiCreatedResponse({ type: JointProjectResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    type: ProblemResponse,
    description: 'Unknown cohort, partner or placement; partners not from both sides; placement of another cohort',
  })
  async create(@Body() body: CreateJointProjectDto, @CurrentUser() actor: AuthenticatedUser) {
    return JointProjectResponse.from(await this.projects.create(body, actor));
  }

  @Get()
  @Roles('admin', 'coordinator', 'participant', 'funder')
  @ApiOperation({
    summary: 'Joint projects visible to the caller',
    description: 'Participants: those their own organisation is a partner of. Funders: those of the cohorts they fund.',
  })
  @ApiPageResponse(JointProjectResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: JointProjectListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.projects.list(query, viewer);
    return { ...page, items: page.items.map((project) => JointProjectResponse.from(project)) };
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'participant', 'funder')
  @ApiOperation({ summary: 'One joint project with its milestones' })
  @ApiOkResponse({ type: JointProjectResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return JointProjectResponse.from(await this.projects.get(id, viewer));
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Change a joint project (not once dropped)',
    description: 'partnerOrganisationIds and placementIds replace the lists; null clears budget, dates and figures.',
  })
  @ApiOkResponse({ type: JointProjectResponse })
  @ApiUnprocessableEntityResponse({
    type: ProblemResponse,
    description: 'Dropped project; partners or placements against the rules; new dates leave milestones outside',
  })
  async update(@UuidParam() id: string, @Body() body: UpdateJointProjectDto, @CurrentUser() actor: AuthenticatedUser) {
    return JointProjectResponse.from(await this.projects.update(id, body, actor));
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Move the project on: idea → proposed → funded → active → completed, or dropped before completed',
  })
  @ApiOkResponse({ type: JointProjectResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Not allowed from this status; names the allowed ones' })
  async transition(
    @UuidParam() id: string,
    @Body() body: JointProjectTransitionDto,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    return JointProjectResponse.from(await this.projects.transition(id, body.to, actor));
  }

  @Post(':id/milestones')
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({ summary: "Add a milestone, due inside the project's dates" })
  @ApiCreatedResponse({ type: MilestoneResponse })
  @ApiUnprocessableEntityResponse({
    type: ProblemResponse,
    description: 'Due outside the project; done in the future; project dropped',
  })
  async addMilestone(
    @UuidParam() id: string,
    @Body() body: CreateMilestoneDto,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    return MilestoneResponse.from(await this.projects.addMilestone(id, body, actor));
  }

  @Patch(':id/milestones/:milestoneId')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Rename, move or mark done a milestone',
    description: 'doneOn: the day it was done (not later than today in your time zone); null opens it again.',
  })
  @ApiOkResponse({ type: MilestoneResponse })
  @ApiUnprocessableEntityResponse({
    type: ProblemResponse,
    description: 'Due outside the project; done in the future; project dropped',
  })
  async updateMilestone(
    @UuidParam() id: string,
    @UuidParam('milestoneId') milestoneId: string,
    @Body() body: UpdateMilestoneDto,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    return MilestoneResponse.from(await this.projects.updateMilestone(id, milestoneId, body, actor));
  }

  @Delete(':id/milestones/:milestoneId')
  @HttpCode(204)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Remove a milestone' })
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Project dropped' })
  async removeMilestone(
    @UuidParam() id: string,
    @UuidParam('milestoneId') milestoneId: string,
    @CurrentUser() actor: AuthenticatedUser,
  ) {
    await this.projects.removeMilestone(id, milestoneId, actor);
  }
}
