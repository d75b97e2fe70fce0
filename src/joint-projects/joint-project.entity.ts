import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  ValueTransformer,
} from 'typeorm';
import { Cohort } from '../cohorts/cohort.entity';
import { THEMATIC_AREAS, ThematicArea } from '../common/vocabulary';
import { Placement } from '../placements/placement.entity';
import { JointProjectMilestone } from './milestone.entity';
import { JointProjectPartner } from './joint-project-partner.entity';
import { JOINT_PROJECT_STATUSES, JointProjectStatus } from './joint-project-status';

/** `bigint` comes back from pg as a string; amounts stay far below 2^53, so a number is exact. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** What a twinning pair does together after the exchange (§5): partners from both sides, a budget, milestones. */
@Entity('joint_projects')
@Check('CHK_joint_projects_budget', '("budget_amount_minor" IS NULL) = ("budget_currency" IS NULL)')
@Check('CHK_joint_projects_budget_amount', '"budget_amount_minor" >= 0')
@Check('CHK_joint_projects_dates', '"starts_on" <= "ends_on"')
@Check('CHK_joint_projects_people_reached', '"people_reached" >= 0')
export class JointProject {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Cohort;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'enum', enum: THEMATIC_AREAS, enumName: 'thematic_area', array: true, default: '{}' })
  thematicAreas!: ThematicArea[];

  /** Budget in minor units; null with the currency when no budget is known yet. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  budgetAmountMinor!: number | null;

  /** ISO 4217. */
  @Column({ type: 'char', length: 3, nullable: true })
  budgetCurrency!: string | null;

  @Column({ type: 'text', nullable: true })
  fundingSource!: string | null;

  @Index()
  @Column({ type: 'enum', enum: JOINT_PROJECT_STATUSES, enumName: 'joint_project_status', default: 'idea' })
  status!: JointProjectStatus;

  @Column({ type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ type: 'integer', nullable: true })
  peopleReached!: number | null;

  /**
   * The partner organisations, through an explicit link entity so that an organisation still named as a
   * partner cannot be deleted (a plain many-to-many would cascade and quietly leave a project one-sided).
   */
  @OneToMany(() => JointProjectPartner, (partner) => partner.jointProject)
  partnerLinks?: JointProjectPartner[];

  /** The placements the project grew from, all of its cohort. */
  @ManyToMany(() => Placement)
  @JoinTable({
    name: 'joint_project_placements',
    joinColumn: { name: 'joint_project_id' },
    inverseJoinColumn: { name: 'placement_id' },
  })
  placements?: Placement[];

  @OneToMany(() => JointProjectMilestone, (milestone) => milestone.jointProject)
  milestones?: JointProjectMilestone[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
