import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsInt,
  IsISO6391,
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
import { IsOmittable } from '../../common/validation/omittable';
import { Gender, GENDERS, LANGUAGE_LEVELS, LanguageLevel, THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';
import { Locale, LOCALES } from '../../users/user.entity';

export class LanguageSkillDto {
  @ApiProperty({ example: 'zh', description: 'ISO 639-1' })
  @IsISO6391()
  code!: string;

  @ApiProperty({ enum: LANGUAGE_LEVELS })
  @IsIn(LANGUAGE_LEVELS)
  level!: LanguageLevel;
}

export class CreateStaffMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ example: 'Wang Fang' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ example: 'wang.fang@water-alliance.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ enum: GENDERS, default: 'undisclosed' })
  @IsOmittable()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiProperty({ type: [LanguageSkillDto] })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LanguageSkillDto)
  @ArrayMaxSize(20)
  languages!: LanguageSkillDto[];

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  @IsIn(THEMATIC_AREAS, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(THEMATIC_AREAS.length)
  expertise!: ThematicArea[];

  @ApiPropertyOptional({ example: 'Programme officer', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jobTitle?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 70, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(70)
  yearsOfExperience?: number | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOmittable()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The participant account linked to it' })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}
