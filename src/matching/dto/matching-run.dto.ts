import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { DEFAULT_WEIGHTS } from '../engine/score';
import type { Algorithm, MatchingStatistics, ScoreWeights, Unmatched } from '../engine/types';
import { UNMATCHED_REASONS } from '../engine/types';
import { MATCHING_ALGORITHMS, MATCHING_RUN_STATUSES, MatchingRun, MatchingRunStatus } from '../matching-run.entity';

export class ScoreWeightsDto implements ScoreWeights {
  @ApiProperty({ example: DEFAULT_WEIGHTS.thematic, minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  thematic!: number;

  @ApiProperty({ example: DEFAULT_WEIGHTS.preference, minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  preference!: number;

  @ApiProperty({ example: DEFAULT_WEIGHTS.language, minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  language!: number;

  @ApiProperty({ example: DEFAULT_WEIGHTS.reciprocity, minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  reciprocity!: number;
}

export class CreateMatchingRunDto {
  @ApiProperty({
    enum: MATCHING_ALGORITHMS,
    description: 'optimal: most placed, then best total score; stable: no blocking pair',
  })
  @IsIn(MATCHING_ALGORITHMS)
  algorithm!: Algorithm;

  @ApiPropertyOptional({ default: false, description: 'A dry run compares options and can never be applied' })
  @IsOmittable()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ type: ScoreWeightsDto, description: 'Override the score weights; they must add up to 100' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => ScoreWeightsDto)
  weights?: ScoreWeightsDto;
}

export class MatchingRunListQuery extends PageQuery {}

class StatisticsResponse implements MatchingStatistics {
  @ApiProperty() participants!: number;
  @ApiProperty() placed!: number;
  @ApiProperty() unmatched!: number;
  @ApiProperty({ example: { capacity_exhausted: 3 } }) unmatchedByReason!: MatchingStatistics['unmatchedByReason'];
  @ApiProperty({ example: 1234.5 }) totalScore!: number;
  @ApiProperty({ nullable: true, example: 71.3 }) meanScore!: number | null;
  @ApiProperty({ description: 'Pairs of organisations that each receive the other’s participant' })
  reciprocalPairs!: number;
  @ApiProperty({ example: { '1': 20, '2': 7, unlisted: 4 } }) preferenceRanks!: Record<string, number>;
  @ApiProperty({ example: { CN: 0.9, EU: 0.85 } }) placedShareBySide!: Record<string, number>;
  @ApiProperty({ example: { water_resources: 1 } }) placedShareByArea!: Record<string, number>;
}

export class MatchingRunSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cohortId!: string;
  @ApiProperty({ enum: MATCHING_ALGORITHMS }) algorithm!: Algorithm;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: ScoreWeightsDto }) weights!: ScoreWeights;
  @ApiProperty({ enum: MATCHING_RUN_STATUSES }) status!: MatchingRunStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ nullable: true }) engineVersion!: string | null;
  @ApiProperty({ type: StatisticsResponse, nullable: true }) statistics!: MatchingStatistics | null;
  @ApiProperty({ nullable: true, description: 'Why the run failed' }) error!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) requestedById!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true }) startedAt!: Date | null;
  @ApiProperty({ nullable: true }) finishedAt!: Date | null;
  @ApiProperty({ nullable: true }) appliedAt!: Date | null;

  static from(run: MatchingRun): MatchingRunSummary {
    const { id, cohortId, algorithm, dryRun, weights, status, progress, engineVersion, statistics, error } = run;
    const { requestedById, createdAt, startedAt, finishedAt, appliedAt } = run;
    return {
      id,
      cohortId,
      algorithm,
      dryRun,
      weights,
      status,
      progress,
      engineVersion,
      statistics,
      error,
      requestedById,
      createdAt,
      startedAt,
      finishedAt,
      appliedAt,
    };
  }
}

class BreakdownResponse {
  @ApiProperty({ example: 40 }) thematic!: number;
  @ApiProperty({ example: 30 }) preference!: number;
  @ApiProperty({ example: 17 }) language!: number;
  @ApiProperty({ example: 10 }) reciprocity!: number;
}

export class ProposalResponse {
  @ApiProperty({ format: 'uuid', description: 'The application' }) participantId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty() hostName!: string;
  @ApiProperty({ example: '2027-08-01' }) startsOn!: string;
  @ApiProperty({ example: '2027-09-25' }) endsOn!: string;
  @ApiProperty({ example: 87.5 }) score!: number;
  @ApiProperty({ type: BreakdownResponse }) breakdown!: BreakdownResponse;
  @ApiProperty({ nullable: true, description: "Rank of the host in the participant's list" })
  preferenceRank!: number | null;
}

export class UnmatchedResponse implements Unmatched {
  @ApiProperty({ format: 'uuid' }) participantId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty({ enum: UNMATCHED_REASONS }) reason!: Unmatched['reason'];
}

export class MatchingRunResponse extends MatchingRunSummary {
  @ApiProperty({ type: [ProposalResponse], nullable: true }) proposals!: ProposalResponse[] | null;
  @ApiProperty({ type: [UnmatchedResponse], nullable: true }) unmatched!: UnmatchedResponse[] | null;
}
