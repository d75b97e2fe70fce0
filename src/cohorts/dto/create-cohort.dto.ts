import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { REGION_PATTERN } from '../../common/vocabulary';
import { ExchangeWindowDto, GrantRulesDto, ReportQuestionsDto } from './cohort-rules.dto';

/** Everything but the dates has a default modelled on the EU-China programme. */
export class CreateCohortDto {
  @ApiProperty({ example: 'EU-China NGO Twinning 2027' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOmittable()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ example: ['EU', 'CN'], default: ['EU', 'CN'] })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @Matches(REGION_PATTERN, { each: true })
  sides?: string[];

  @ApiProperty({ example: '2027-01-15' })
  @IsCalendarDate()
  applicationOpensOn!: string;

  @ApiProperty({ example: '2027-03-31' })
  @IsCalendarDate()
  @IsOnOrAfter('applicationOpensOn')
  applicationClosesOn!: string;

  @ApiPropertyOptional({
    type: [ExchangeWindowDto],
    description: 'One per direction; default EU→CN 1 Aug-30 Sep and CN→EU 8 Oct-9 Dec of the year applications close',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ExchangeWindowDto)
  exchangeWindows?: ExchangeWindowDto[];

  @ApiPropertyOptional({ default: 28, minimum: 1, maximum: 365 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(365)
  minPlacementDays?: number;

  @ApiPropertyOptional({ default: 56, minimum: 1, maximum: 365 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(365)
  maxPlacementDays?: number;

  @ApiPropertyOptional({ type: GrantRulesDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => GrantRulesDto)
  grantRules?: GrantRulesDto;

  @ApiPropertyOptional({ type: ReportQuestionsDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => ReportQuestionsDto)
  reportQuestions?: ReportQuestionsDto;
}
