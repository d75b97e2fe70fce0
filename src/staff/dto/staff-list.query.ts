import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO6391, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { REGION_PATTERN, THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';

export const STAFF_SORT_FIELDS = ['fullName', 'createdAt', 'yearsOfExperience'] as const;

export class StaffListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ example: 'EU', description: "The region of the person's organisation" })
  @IsOptional()
  @Matches(REGION_PATTERN)
  region?: string;

  @ApiPropertyOptional({ enum: THEMATIC_AREAS })
  @IsOptional()
  @IsIn(THEMATIC_AREAS)
  expertise?: ThematicArea;

  @ApiPropertyOptional({ example: 'zh', description: 'Speaks this language (ISO 639-1), at any level' })
  @IsOptional()
  @IsISO6391()
  language?: string;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: sortValues(STAFF_SORT_FIELDS), default: 'fullName' })
  @IsOptional()
  @IsIn(sortValues(STAFF_SORT_FIELDS))
  sort?: string;
}
