import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { JOINT_PROJECT_STATUSES, JointProjectStatus } from '../joint-project-status';

export class JointProjectTransitionDto {
  @ApiProperty({
    enum: JOINT_PROJECT_STATUSES,
    description:
      'The next status in order (idea → proposed → funded → active → completed), or dropped before completed',
  })
  @IsIn(JOINT_PROJECT_STATUSES)
  to!: JointProjectStatus;
}

export const JOINT_PROJECT_SORT_FIELDS = ['title', 'createdAt', 'status'] as const;
export type JointProjectSortField = (typeof JOINT_PROJECT_SORT_FIELDS)[number];

export class JointProjectListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ enum: JOINT_PROJECT_STATUSES })
  @IsOptional()
  @IsIn(JOINT_PROJECT_STATUSES)
  status?: JointProjectStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Projects this organisation is a partner of' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    enum: sortValues(JOINT_PROJECT_SORT_FIELDS),
    default: '-createdAt',
    description: 'status sorts in lifecycle order (idea first, dropped last)',
  })
  @IsOptional()
  @IsIn(sortValues(JOINT_PROJECT_SORT_FIELDS))
  sort?: string;
}
