import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { COHORT_STATUSES, CohortStatus } from '../cohort-status';

export class CohortTransitionDto {
  @ApiProperty({ enum: COHORT_STATUSES, description: 'The next status; only the next one in order is allowed' })
  @IsIn(COHORT_STATUSES)
  to!: CohortStatus;
}

export class CohortReviewersDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Accounts with the reviewer role; replaces the list' })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  userIds!: string[];
}

export class CohortFundersDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Funding organisations; replaces the list' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organisationIds!: string[];
}

export const COHORT_SORT_FIELDS = ['name', 'applicationOpensOn', 'status', 'createdAt'] as const;

export class CohortListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COHORT_STATUSES })
  @IsOptional()
  @IsIn(COHORT_STATUSES)
  status?: CohortStatus;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: sortValues(COHORT_SORT_FIELDS), default: '-applicationOpensOn' })
  @IsOptional()
  @IsIn(sortValues(COHORT_SORT_FIELDS))
  sort?: string;
}
