import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO6391,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { REGION_PATTERN, THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';
import { ORGANISATION_TYPES, OrganisationType } from '../organisation.entity';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Chengdu Community Water Alliance' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;

  @ApiProperty({ example: 'CN', description: 'Short upper-case region code, one of a cohort’s sides' })
  @IsString()
  @Matches(REGION_PATTERN, { message: 'region must be a short upper-case code such as EU or CN' })
  region!: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2()
  country!: string;

  @ApiProperty({ example: 'Chengdu' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  city!: string;

  // IsLatitude and IsLongitude also take numeric strings ("45").
  @ApiProperty({ example: 30.5728, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  latitude!: number;

  @ApiProperty({ example: 104.0668, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  longitude!: number;

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  @IsIn(THEMATIC_AREAS, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(THEMATIC_AREAS.length)
  thematicAreas!: ThematicArea[];

  @ApiProperty({ example: ['zh', 'en'], description: 'ISO 639-1 codes' })
  @IsISO6391({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(20)
  workingLanguages!: string[];

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Participants it can host per cohort; 0 = does not host' })
  @IsInt()
  @Min(0)
  @Max(100)
  hostingCapacity!: number;

  @ApiPropertyOptional({ example: 'contact@water-alliance.example', nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ example: 'https://water-alliance.example', nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string | null;
}
