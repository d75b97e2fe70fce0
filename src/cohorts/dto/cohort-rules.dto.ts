import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../../common/money.dto';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { REGION_PATTERN } from '../../common/vocabulary';

export class ExchangeWindowDto {
  @ApiProperty({ example: 'EU', description: 'The side that travels in this window' })
  @Matches(REGION_PATTERN)
  from!: string;

  @ApiProperty({ example: 'CN' })
  @Matches(REGION_PATTERN)
  to!: string;

  @ApiProperty({ example: '2027-08-01' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiProperty({ example: '2027-09-30' })
  @IsCalendarDate()
  @IsOnOrAfter('startsOn')
  endsOn!: string;
}

export class DailyAllowanceRuleDto {
  @ApiProperty({ example: 'CN', description: 'The hosting side this rate applies to' })
  @Matches(REGION_PATTERN)
  hostSide!: string;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiPropertyOptional({ example: 31, nullable: true, description: 'From this day on, reducedAmount applies' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(366)
  reducedFromDay?: number | null;

  @ApiPropertyOptional({ type: MoneyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  reducedAmount?: MoneyDto | null;
}

export class TravelBandDto {
  @ApiProperty({ example: 3000, nullable: true, description: 'Upper bound in km; null for the last band' })
  // Null, not absent, marks the last band: IsOptional would let a forgotten bound through as open-ended.
  @ValidateIf((_band: object, value: unknown) => value !== null)
  @IsInt()
  @Min(1)
  @Max(40_075)
  upToKm!: number | null;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;
}

export class GrantRulesDto {
  @ApiProperty({ type: [DailyAllowanceRuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DailyAllowanceRuleDto)
  dailyAllowances!: DailyAllowanceRuleDto[];

  @ApiProperty({ type: [TravelBandDto], description: 'Ascending by upToKm, the last open-ended (null)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TravelBandDto)
  travelBands!: TravelBandDto[];

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  visa!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  insurance!: MoneyDto;
}

export class ReportQuestionsDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(1000, { each: true })
  midterm!: string[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(1000, { each: true })
  final!: string[];
}
