import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Placement } from '../placements/placement.entity';
import { REPORT_KINDS, REPORT_STATUSES, ReportKind, ReportStatus } from './report-status';

export interface ReportAnswer {
  question: string;
  answer: string;
}

/** A participant's midterm or final report on a placement, made when the placement is confirmed. */
@Entity('participant_reports')
@Index('UQ_participant_reports_placement_kind', ['placementId', 'kind'], { unique: true })
export class ParticipantReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  placementId!: string;

  @ManyToOne(() => Placement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'placement_id' })
  placement?: Placement;

  @Column({ type: 'enum', enum: REPORT_KINDS, enumName: 'report_kind' })
  kind!: ReportKind;

  @Index()
  @Column({ type: 'date' })
  dueOn!: string;

  @Index()
  @Column({ type: 'enum', enum: REPORT_STATUSES, enumName: 'report_status', default: 'due' })
  status!: ReportStatus;

  /** The cohort's questions as they were asked, with the answers. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  answers!: ReportAnswer[];

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById!: string | null;

  @Column({ type: 'text', nullable: true })
  reviewComment!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
