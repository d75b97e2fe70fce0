import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO31661Alpha2, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { toBoolean } from '../../common/validation/query-values';
import { REGION_PATTERN, THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';
import { ORGANISATION_TYPES, OrganisationType } from '../organisation.entity';

export const ORGANISATION_SORT_FIELDS = ['name', 'country', 'region', 'city', 'hostingCapacity', 'createdAt'] as const;

export class OrganisationListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'CN' })
  @IsOptional()
  @Matches(REGION_PATTERN)
  region?: string;

  @ApiPropertyOptional({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional({ enum: THEMATIC_AREAS })
  @IsOptional()
  @IsIn(THEMATIC_AREAS)
  thematicArea?: ThematicArea;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional({ description: 'Only organisations that host (capacity above 0)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  hostsOnly?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name or city' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: sortValues(ORGANISATION_SORT_FIELDS), default: 'name' })
  @IsOptional()
  @IsIn(sortValues(ORGANISATION_SORT_FIELDS))
  sort?: string;
}
