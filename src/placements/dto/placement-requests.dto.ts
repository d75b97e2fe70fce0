import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { IsOmittable } from '../../common/validation/omittable';
import { PLACEMENT_STATUSES, PlacementStatus } from '../placement-status';

export class CreatePlacementDto {
  @ApiProperty({ format: 'uuid', description: 'The accepted application the placement is for' })
  @IsUUID()
  applicationId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  hostOrganisationId!: string;

  @ApiProperty({ example: '2027-08-02' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiProperty({ example: '2027-09-12' })
  @IsCalendarDate()
  @IsOnOrAfter('startsOn')
  endsOn!: string;

  @ApiPropertyOptional({ nullable: true, example: 'Liu Yang' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mentorName?: string | null;
}

export class UpdatePlacementDto {
  @ApiPropertyOptional({ example: '2027-08-02' })
  @IsOmittable()
  @IsCalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2027-09-12' })
  @IsOmittable()
  @IsCalendarDate()
  @IsOnOrAfter('startsOn')
  endsOn?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mentorName?: string | null;
}

export class PlacementTransitionDto {
  @ApiProperty({
    enum: PLACEMENT_STATUSES,
    description: 'Participants: accepted or declined (own). Coordinators: confirmed, in_progress, completed, cancelled',
  })
  @IsIn(PLACEMENT_STATUSES)
  to!: PlacementStatus;

  @ApiPropertyOptional({ description: 'Required when cancelling; kept with the placement' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}

export class ChecklistTickDto {
  @ApiProperty({ description: 'true to mark the item done, false to reopen it' })
  @IsBoolean()
  done!: boolean;
}

export const PLACEMENT_SORT_FIELDS = ['startsOn', 'createdAt', 'status'] as const;

export class PlacementListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ enum: PLACEMENT_STATUSES })
  @IsOptional()
  @IsIn(PLACEMENT_STATUSES)
  status?: PlacementStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  hostOrganisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({ enum: sortValues(PLACEMENT_SORT_FIELDS), default: 'startsOn' })
  @IsOptional()
  @IsIn(sortValues(PLACEMENT_SORT_FIELDS))
  sort?: string;
}
