import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { involvedOrganisations } from '../application-rules';
import type { ScoredApplication } from '../applications.service';
import { APPLICATION_KINDS, ApplicationKind } from '../application.entity';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-status';

class ApplicantSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiPropertyOptional({ description: 'Contact data: left out for reviewers' }) email?: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ example: 'EU' }) region!: string;
}

class PartnerSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'CN' }) region!: string;
}

export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cohortId!: string;
  @ApiProperty({ type: ApplicantSummary }) applicant!: ApplicantSummary;
  @ApiProperty({ enum: APPLICATION_KINDS }) kind!: ApplicationKind;
  @ApiProperty({ type: PartnerSummary, nullable: true }) partner!: PartnerSummary | null;
  @ApiProperty({ nullable: true }) exchangeTopic!: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Left out for reviewers' })
  partnerContactName?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Left out for reviewers' })
  partnerContactEmail?: string | null;

  @ApiProperty({ example: '2027-08-01' }) availableFrom!: string;
  @ApiProperty({ example: '2027-10-15' }) availableTo!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) preferredHostIds!: string[];
  @ApiProperty() motivation!: string;
  @ApiProperty() workPlan!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;

  @ApiPropertyOptional({
    nullable: true,
    example: 4.33,
    description: 'Mean of all criteria of all reviews; not shown to the applicant',
  })
  averageScore?: number | null;

  @ApiPropertyOptional({ example: 3, description: 'Not shown to the applicant' })
  reviewCount?: number;

  @ApiProperty({ nullable: true }) decidedAt!: Date | null;
  @ApiProperty({ nullable: true }) withdrawnAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  /**
   * Reviewers see no contact data, and no scores of an application their own organisation is involved in;
   * applicants do not see how they were scored (§4).
   */
  static from(
    { application, averageScore, reviewCount }: ScoredApplication,
    viewer: Pick<AuthenticatedUser, 'role' | 'organisationId'>,
  ): ApplicationResponse {
    const staff = application.staff!;
    const organisation = staff.organisation!;
    const partner = application.partnerOrganisation;
    const withContact = viewer.role !== 'reviewer';
    const conflicted =
      viewer.role === 'reviewer' &&
      viewer.organisationId !== null &&
      involvedOrganisations({ ...application, staffOrganisationId: staff.organisationId }).includes(
        viewer.organisationId,
      );
    const withScores = viewer.role !== 'participant' && !conflicted;
    return {
      id: application.id,
      cohortId: application.cohortId,
      applicant: {
        id: staff.id,
        fullName: staff.fullName,
        ...(withContact && { email: staff.email }),
        organisationId: organisation.id,
        organisationName: organisation.name,
        region: organisation.region,
      },
      kind: application.kind,
      partner: partner ? { id: partner.id, name: partner.name, region: partner.region } : null,
      exchangeTopic: application.exchangeTopic,
      ...(withContact && {
        partnerContactName: application.partnerContactName,
        partnerContactEmail: application.partnerContactEmail,
      }),
      availableFrom: application.availableFrom,
      availableTo: application.availableTo,
      preferredHostIds: application.preferredHostIds,
      motivation: application.motivation,
      workPlan: application.workPlan,
      status: application.status,
      ...(withScores && { averageScore, reviewCount: reviewCount ?? 0 }),
      decidedAt: application.decidedAt,
      withdrawnAt: application.withdrawnAt,
      createdAt: application.createdAt,
      updatedAt: application.updatedAt,
    };
  }
}
