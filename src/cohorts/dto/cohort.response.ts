import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Role } from '../../common/auth/role';
import type { ApplicationCounts } from '../cohorts.service';
import { Cohort } from '../cohort.entity';
import { COHORT_STATUSES, CohortStatus } from '../cohort-status';
import { ExchangeWindowDto, GrantRulesDto, ReportQuestionsDto } from './cohort-rules.dto';

class AssignedReviewer {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  displayName!: string;
}

class FundingOrganisation {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

class ApplicationCountsResponse {
  @ApiProperty() submitted!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() withdrawn!: number;
}

export class CohortResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'EU-China NGO Twinning 2027' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ example: ['EU', 'CN'] })
  sides!: string[];

  @ApiProperty({ example: '2027-01-15' })
  applicationOpensOn!: string;

  @ApiProperty({ example: '2027-03-31' })
  applicationClosesOn!: string;

  @ApiProperty({ type: [ExchangeWindowDto] })
  exchangeWindows!: ExchangeWindowDto[];

  @ApiProperty({ example: 28 })
  minPlacementDays!: number;

  @ApiProperty({ example: 56 })
  maxPlacementDays!: number;

  @ApiProperty({ type: GrantRulesDto })
  grantRules!: GrantRulesDto;

  @ApiProperty({ type: ReportQuestionsDto })
  reportQuestions!: ReportQuestionsDto;

  @ApiProperty({ enum: COHORT_STATUSES })
  status!: CohortStatus;

  @ApiPropertyOptional({
    type: [AssignedReviewer],
    description: 'The selection committee; shown to coordinators and reviewers only, so applicants cannot lobby it',
  })
  reviewers?: AssignedReviewer[];

  @ApiProperty({ type: [FundingOrganisation] })
  funders!: FundingOrganisation[];

  @ApiProperty({ type: ApplicationCountsResponse, description: 'Applications per status' })
  applicationCounts!: ApplicationCounts;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  static from(cohort: Cohort, applicationCounts: ApplicationCounts, viewerRole: Role): CohortResponse {
    const { id, name, description, sides, applicationOpensOn, applicationClosesOn, exchangeWindows } = cohort;
    const { minPlacementDays, maxPlacementDays, grantRules, reportQuestions, status, createdAt, updatedAt } = cohort;
    return {
      id,
      name,
      description,
      sides,
      applicationOpensOn,
      applicationClosesOn,
      exchangeWindows,
      minPlacementDays,
      maxPlacementDays,
      grantRules,
      reportQuestions,
      status,
      ...(['admin', 'coordinator', 'reviewer'].includes(viewerRole) && {
        reviewers: (cohort.reviewers ?? [])
          .map(({ id: userId, displayName }) => ({ id: userId, displayName }))
          .sort((x, y) => x.displayName.localeCompare(y.displayName) || x.id.localeCompare(y.id)),
      }),
      funders: (cohort.funders ?? [])
        .map(({ id: organisationId, name: organisationName }) => ({ id: organisationId, name: organisationName }))
        .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id)),
      applicationCounts,
      createdAt,
      updatedAt,
    };
  }
}
