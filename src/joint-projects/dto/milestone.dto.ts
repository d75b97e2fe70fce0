import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/validation/calendar-date';

export class CreateMilestoneDto {
  @ApiProperty({ example: 'Joint training of village monitors' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: '2028-03-31', description: "Inside the project's dates, where they are set" })
  @IsCalendarDate()
  dueOn!: string;

  @ApiPropertyOptional({
    example: '2028-03-28',
    nullable: true,
    description: "The day it was done: not later than today in the caller's time zone; null: not done",
  })
  @IsOptional()
  @IsCalendarDate()
  doneOn?: string | null;
}

/** Rename (title), move (dueOn), mark done (doneOn: a date) or open again (doneOn: null). */
export class UpdateMilestoneDto extends PartialType(CreateMilestoneDto, { skipNullProperties: false }) {}
