import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { EXPORT_FORMATS, ExportFormat } from '../export-formats';

export class PlacementExportQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class OverviewQuery {
  @ApiPropertyOptional({
    description: 'Cohorts whose exchanges end on or after this date (YYYY-MM-DD)',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    description: 'Cohorts whose applications open on or before this date (YYYY-MM-DD)',
    example: '2027-12-31',
  })
  @IsOptional()
  @IsCalendarDate()
  @IsOnOrAfter('from')
  to?: string;
}
