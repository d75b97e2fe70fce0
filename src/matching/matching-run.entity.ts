import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Cohort } from '../cohorts/cohort.entity';
import type { Algorithm, MatchingInput, MatchingStatistics, Proposal, ScoreWeights, Unmatched } from './engine/types';

export const MATCHING_ALGORITHMS = ['optimal', 'stable'] as const;
export const MATCHING_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type MatchingRunStatus = (typeof MATCHING_RUN_STATUSES)[number];

/**
 * One run of the matching engine over a cohort. It keeps the snapshot of its input, the algorithm, the
 * weights and the engine version, so that it can be explained later and re-run to the same result.
 */
@Entity('matching_runs')
@Index(['cohortId', 'createdAt'])
export class MatchingRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Cohort;

  @Column({ type: 'enum', enum: MATCHING_ALGORITHMS, enumName: 'matching_algorithm' })
  algorithm!: Algorithm;

  /** A dry run compares options; it can never be applied. */
  @Column({ type: 'boolean', default: false })
  dryRun!: boolean;

  @Column({ type: 'jsonb' })
  weights!: ScoreWeights;

  @Column({ type: 'enum', enum: MATCHING_RUN_STATUSES, enumName: 'matching_run_status', default: 'queued' })
  status!: MatchingRunStatus;

  /** 0-100. */
  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'text', nullable: true })
  engineVersion!: string | null;

  /** Not selected by default: it can be large, and only re-runs and explanations need it. */
  @Column({ type: 'jsonb', nullable: true, select: false })
  input!: MatchingInput | null;

  @Column({ type: 'jsonb', nullable: true })
  proposals!: Proposal[] | null;

  @Column({ type: 'jsonb', nullable: true })
  unmatched!: Unmatched[] | null;

  @Column({ type: 'jsonb', nullable: true })
  statistics!: MatchingStatistics | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  appliedById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
