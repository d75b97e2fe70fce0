import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import {
  ParticipantReportResponse,
  ReportListQuery,
  ReviewReportDto,
  SubmitReportDto,
} from './dto/participant-report.dto';
import { ParticipantReportsService, ReportWithQuestions } from './participant-reports.service';

const present = ({ report, questions }: ReportWithQuestions) => ParticipantReportResponse.from(report, questions);

@ApiTags('participant reports')
@Controller('participant-reports')
export class ParticipantReportsController {
  constructor(private readonly reports: ParticipantReportsService) {}

  @Get()
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'Reports: all for coordinators, those of their own placements for participants' })
  @ApiPageResponse(ParticipantReportResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: ReportListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.reports.list(query, viewer);
    return { ...page, items: page.items.map(present) };
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'One report with its questions and answers' })
  @ApiOkResponse({ type: ParticipantReportResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.reports.get(id, viewer));
  }

  @Post(':id/submission')
  @HttpCode(200)
  @Roles('admin', 'participant')
  @ApiOperation({ summary: "Submit your answers to the cohort's questions (again, after a return)" })
  @ApiOkResponse({ type: ParticipantReportResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Submitted or accepted already' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'The placement was declined or cancelled' })
  async submit(@UuidParam() id: string, @Body() body: SubmitReportDto, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.reports.submit(id, body.answers, viewer));
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Accept a submitted report, or return it with a comment' })
  @ApiOkResponse({ type: ParticipantReportResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Not submitted' })
  async review(@UuidParam() id: string, @Body() body: ReviewReportDto, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.reports.review(id, body.decision, body.comment, viewer));
  }
}
