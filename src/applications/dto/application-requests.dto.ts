import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { APPLICATION_KINDS, ApplicationKind } from '../application.entity';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-status';

export class ApplicationTransitionDto {
  @ApiProperty({
    enum: APPLICATION_STATUSES,
    description: 'Coordinators: accepted, rejected, withdrawn. Participants: withdrawn (own, while the cohort is open)',
  })
  @IsIn(APPLICATION_STATUSES)
  to!: ApplicationStatus;
}

export const APPLICATION_SORT_FIELDS = ['createdAt', 'status', 'averageScore', 'reviewCount'] as const;
export type ApplicationSortField = (typeof APPLICATION_SORT_FIELDS)[number];

export class ApplicationListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_KINDS })
  @IsOptional()
  @IsIn(APPLICATION_KINDS)
  kind?: ApplicationKind;

  @ApiPropertyOptional({
    enum: sortValues(APPLICATION_SORT_FIELDS),
    default: '-createdAt',
    description: 'averageScore and reviewCount serve the selection committee; unreviewed applications sort last',
  })
  @IsOptional()
  @IsIn(sortValues(APPLICATION_SORT_FIELDS))
  sort?: string;
}
