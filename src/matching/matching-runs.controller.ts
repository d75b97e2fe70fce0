import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { ApiPageResponse } from '../common/pagination/page';
import {
  CreateMatchingRunDto,
  MatchingRunListQuery,
  MatchingRunResponse,
  MatchingRunSummary,
} from './dto/matching-run.dto';
import { MatchingJobs } from './matching-jobs';
import { MatchingRunsService } from './matching-runs.service';

@ApiTags('matching')
@Controller()
export class MatchingRunsController {
  constructor(
    private readonly runs: MatchingRunsService,
    private readonly jobs: MatchingJobs,
  ) {}

  @Post('cohorts/:id/matching-runs')
  @HttpCode(202)
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({
    summary: 'Start a matching run (answers at once; the worker does the work)',
    description: 'The cohort must be in matching. Poll GET /matching-runs/{id} for progress and the result.',
  })
  @ApiAcceptedResponse({ type: MatchingRunSummary })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'The cohort is not in matching' })
  @ApiServiceUnavailableResponse({ type: ProblemResponse, description: 'The queue could not take the run' })
  async request(
    @UuidParam() id: string,
    @Body() body: CreateMatchingRunDto,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<MatchingRunSummary> {
    const run = await this.runs.create(id, body, actor.id);
    await this.jobs.enqueue(run.id);
    return MatchingRunSummary.from(run);
  }

  @Get('cohorts/:id/matching-runs')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "A cohort's runs, newest first, with their figures side by side" })
  @ApiPageResponse(MatchingRunSummary)
  async list(@UuidParam() id: string, @Query() query: MatchingRunListQuery) {
    const page = await this.runs.list(id, query);
    return { ...page, items: page.items.map(MatchingRunSummary.from) };
  }

  @Get('matching-runs/:id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Status, progress and, when done, proposals and unmatched applicants with reasons' })
  @ApiOkResponse({ type: MatchingRunResponse })
  async get(@UuidParam() id: string): Promise<MatchingRunResponse> {
    const { run, proposals, unmatched } = await this.runs.describe(id);
    return { ...MatchingRunSummary.from(run), proposals, unmatched };
  }

  @Post('matching-runs/:id/apply')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "Turn the run's proposals into proposed placements, all or none" })
  @ApiOkResponse({ type: MatchingRunSummary })
  @ApiConflictResponse({
    type: ProblemResponse,
    description: 'Applied already, not finished, or places and people taken since (named in the answer)',
  })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'A dry run; the cohort left matching' })
  async apply(@UuidParam() id: string, @CurrentUser() actor: AuthenticatedUser) {
    const { run, placements } = await this.runs.apply(id, actor.id);
    return { ...MatchingRunSummary.from(run), placementsCreated: placements };
  }
}
