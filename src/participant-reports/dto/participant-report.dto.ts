import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { ParticipantReport, ReportAnswer } from '../participant-report.entity';
import { REPORT_KINDS, REPORT_STATUSES, ReportKind, ReportStatus } from '../report-status';

export class SubmitReportDto {
  @ApiProperty({ type: [String], description: "One answer per question of the cohort, in the questions' order" })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(20_000, { each: true })
  answers!: string[];
}

export class ReviewReportDto {
  @ApiProperty({ enum: ['accepted', 'returned'] })
  @IsIn(['accepted', 'returned'])
  decision!: 'accepted' | 'returned';

  @ApiPropertyOptional({ description: 'Required when returning: what to change' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  comment?: string;
}

export const REPORT_SORT_FIELDS = ['dueOn', 'createdAt', 'status'] as const;

export class ReportListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  placementId?: string;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ enum: REPORT_KINDS })
  @IsOptional()
  @IsIn(REPORT_KINDS)
  kind?: ReportKind;

  @ApiPropertyOptional({ enum: sortValues(REPORT_SORT_FIELDS), default: 'dueOn' })
  @IsOptional()
  @IsIn(sortValues(REPORT_SORT_FIELDS))
  sort?: string;
}

class ReportAnswerResponse implements ReportAnswer {
  @ApiProperty() question!: string;
  @ApiProperty() answer!: string;
}

export class ParticipantReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) placementId!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ example: '2027-08-22' }) dueOn!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ type: [String], description: 'The questions to answer, from the cohort' }) questions!: string[];
  @ApiProperty({ type: [ReportAnswerResponse] }) answers!: ReportAnswer[];
  @ApiProperty({ nullable: true }) submittedAt!: Date | null;
  @ApiProperty({ nullable: true }) reviewedAt!: Date | null;
  @ApiProperty({ nullable: true }) reviewComment!: string | null;

  static from(report: ParticipantReport, questions: string[]): ParticipantReportResponse {
    const { id, placementId, kind, dueOn, status, answers, submittedAt, reviewedAt, reviewComment } = report;
    return { id, placementId, kind, dueOn, status, questions, answers, submittedAt, reviewedAt, reviewComment };
  }
}
