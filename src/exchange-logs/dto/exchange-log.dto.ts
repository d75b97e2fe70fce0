import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { IsOmittable } from '../../common/validation/omittable';
import { ACTIVITY_TYPES, ActivityType } from '../../common/vocabulary';
import { ExchangeLog } from '../exchange-log.entity';

export class CreateExchangeLogDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  placementId!: string;

  @ApiProperty({ example: '2027-08-05', description: 'A day inside the placement' })
  @IsCalendarDate()
  loggedOn!: string;

  @ApiProperty({ example: 6.5, minimum: 0.5, maximum: 16, description: 'At most 24 per day across logs' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.5)
  @Max(16)
  hours!: number;

  @ApiProperty({ enum: ACTIVITY_TYPES })
  @IsIn(ACTIVITY_TYPES)
  activityType!: ActivityType;

  @ApiProperty({ example: 'Field visit to the river monitoring stations' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ default: '' })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  learningOutcomes?: string;
}

export class UpdateExchangeLogDto extends PartialType(OmitType(CreateExchangeLogDto, ['placementId'] as const), {
  skipNullProperties: false,
}) {}

export const EXCHANGE_LOG_SORT_FIELDS = ['loggedOn', 'createdAt', 'hours'] as const;

export class ExchangeLogListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  placementId?: string;

  @ApiPropertyOptional({ example: '2027-08-01', description: 'Logs on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2027-08-31', description: 'Logs on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  @IsOnOrAfter('from')
  to?: string;

  @ApiPropertyOptional({ enum: ACTIVITY_TYPES })
  @IsOptional()
  @IsIn(ACTIVITY_TYPES)
  activityType?: ActivityType;

  @ApiPropertyOptional({ enum: sortValues(EXCHANGE_LOG_SORT_FIELDS), default: 'loggedOn' })
  @IsOptional()
  @IsIn(sortValues(EXCHANGE_LOG_SORT_FIELDS))
  sort?: string;
}

export class ExchangeLogResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) placementId!: string;
  @ApiProperty({ example: '2027-08-05' }) loggedOn!: string;
  @ApiProperty({ example: 6.5 }) hours!: number;
  @ApiProperty({ enum: ACTIVITY_TYPES }) activityType!: ActivityType;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() learningOutcomes!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(log: ExchangeLog): ExchangeLogResponse {
    const { id, placementId, loggedOn, hours, activityType, title, description, learningOutcomes } = log;
    return {
      id,
      placementId,
      loggedOn,
      hours,
      activityType,
      title,
      description,
      learningOutcomes,
      createdAt: log.createdAt,
      updatedAt: log.updatedAt,
    };
  }
}
