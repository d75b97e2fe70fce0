import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { COHORT_OVERVIEW_SCHEMA, COHORT_SUMMARY_SCHEMA, PLACEMENT_EXPORT_SCHEMA } from './dto/report.responses';
import { OverviewQuery, PlacementExportQuery } from './dto/report.query';
import { EXPORT_MEDIA_TYPES } from './export-formats';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
@Roles('admin', 'coordinator', 'funder')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('cohorts/:id/summary')
  @ApiOperation({
    summary: "A cohort's figures: applications, placements, participants, hours, reports, projects, grants, pairs",
    description:
      'Every figure is an aggregate computed by the database. A funder sees only the cohorts it funds, and gender ' +
      'groups of one or two people as "<3".',
  })
  @ApiOkResponse({ schema: COHORT_SUMMARY_SCHEMA })
  @ApiNotFoundResponse({ description: 'No such cohort, or one this funder does not fund', type: ProblemResponse })
  summary(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.reports.cohortSummary(id, viewer);
  }

  @Get('cohorts/:id/placements')
  @ApiOperation({
    summary: 'One row per placement of a cohort, as JSON, CSV (UTF-8 with BOM) or XLSX, streamed',
    description:
      "A funder's export leaves out e-mail addresses and mentor names, and names a participant only with their " +
      'consent to share with funders.',
  })
  @ApiProduces(...Object.values(EXPORT_MEDIA_TYPES))
  @ApiOkResponse({ schema: PLACEMENT_EXPORT_SCHEMA })
  @ApiNotFoundResponse({ description: 'No such cohort, or one this funder does not fund', type: ProblemResponse })
  async placements(
    @UuidParam() id: string,
    @Query() query: PlacementExportQuery,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<StreamableFile> {
    const format = query.format ?? 'json';
    const file = await this.reports.placementExport(id, format, viewer);
    return new StreamableFile(file.body, {
      type: EXPORT_MEDIA_TYPES[format],
      disposition: `${format === 'json' ? 'inline' : 'attachment'}; filename="${file.fileName}"`,
    });
  }

  @Get('overview')
  @ApiOperation({
    summary: 'Headline figures of each cohort side by side, for trends',
    description: 'Cohorts whose period (applications opening to the last exchange) meets [from, to], oldest first.',
  })
  @ApiOkResponse({ schema: COHORT_OVERVIEW_SCHEMA })
  @ApiBadRequestResponse({ type: ProblemResponse })
  overview(@Query() query: OverviewQuery, @CurrentUser() viewer: AuthenticatedUser) {
    return this.reports.overview(viewer, query.from, query.to);
  }
}
