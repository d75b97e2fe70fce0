import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../../common/money.dto';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { IsOmittable } from '../../common/validation/omittable';
import { THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';

export const MIN_PARTNERS = 2;
export const MAX_PARTNERS = 20;
export const MAX_PLACEMENTS = 50;

/** What a coordinator writes about a joint project; the cohort is set once, at creation. */
export class JointProjectContentDto {
  @ApiProperty({ example: 'Community water monitoring in the Min river basin' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: 'Volunteers from both partners train village monitors and publish the data together.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  summary!: string;

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(THEMATIC_AREAS.length)
  @ArrayUnique()
  @IsIn(THEMATIC_AREAS, { each: true })
  thematicAreas!: ThematicArea[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: MIN_PARTNERS,
    description: "Two or more organisations, at least one from each of the cohort's sides; replaces the list",
  })
  @IsArray()
  @ArrayMinSize(MIN_PARTNERS)
  @ArrayMaxSize(MAX_PARTNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  partnerOrganisationIds!: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'The placements of the cohort the project grew from; replaces the list',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_PLACEMENTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  placementIds?: string[];

  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: 'null: no budget yet' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  budget?: MoneyDto | null;

  @ApiPropertyOptional({ example: 'EU Delegation small grants', nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  fundingSource?: string | null;

  @ApiPropertyOptional({ example: '2028-01-15', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string | null;

  @ApiPropertyOptional({ example: '2028-12-15', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  @IsOnOrAfter('startsOn')
  endsOn?: string | null;

  @ApiPropertyOptional({ example: 1200, minimum: 0, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  peopleReached?: number | null;
}

export class CreateJointProjectDto extends JointProjectContentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cohortId!: string;
}
