import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Application } from '../applications/application.entity';
import { Cohort } from '../cohorts/cohort.entity';
import { MatchingRun } from '../matching/matching-run.entity';
import { Organisation } from '../organisations/organisation.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { TwinningPair } from '../twinning-pairs/twinning-pair.entity';
import type { GrantBreakdown } from './grant-calculator';
import { PLACEMENT_STATUSES, PlacementStatus } from './placement-status';

export interface ScoreBreakdownRecord {
  thematic: number;
  preference: number;
  language: number;
  reciprocity: number;
}

/** A staff member's stay at a host organisation within a cohort. */
@Entity('placements')
// A staff member holds at most one live placement per cohort, whatever races: the database decides.
@Index('UQ_placements_live_staff', ['cohortId', 'staffId'], {
  unique: true,
  where: `"status" NOT IN ('declined', 'cancelled')`,
})
@Index(['cohortId', 'hostOrganisationId'])
// The list's default order: read along this index, a page costs its own rows rather than a sort of every placement.
@Index(['startsOn', 'id'])
@Check('CHK_placements_dates', '"starts_on" <= "ends_on"')
export class Placement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Cohort;

  @Index()
  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffMember;

  @Column({ type: 'uuid', nullable: true })
  applicationId!: string | null;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column({ type: 'uuid' })
  hostOrganisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'host_organisation_id' })
  hostOrganisation?: Organisation;

  @Column({ type: 'date' })
  startsOn!: string;

  @Column({ type: 'date' })
  endsOn!: string;

  @Index()
  @Column({ type: 'enum', enum: PLACEMENT_STATUSES, enumName: 'placement_status', default: 'proposed' })
  status!: PlacementStatus;

  /** 0-100, when the placement came from matching. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  matchScore!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  scoreBreakdown!: ScoreBreakdownRecord | null;

  @Column({ type: 'uuid', nullable: true })
  matchingRunId!: string | null;

  @ManyToOne(() => MatchingRun, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'matching_run_id' })
  matchingRun?: MatchingRun;

  @Column({ type: 'text', nullable: true })
  mentorName!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  twinningPairId!: string | null;

  @ManyToOne(() => TwinningPair, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'twinning_pair_id' })
  twinningPair?: TwinningPair;

  /** The grant and its breakdown, recomputed when the dates change until the placement is completed. */
  @Column({ type: 'jsonb', nullable: true })
  grant!: GrantBreakdown | null;

  @Column({ type: 'timestamptz', nullable: true })
  grantFrozenAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
