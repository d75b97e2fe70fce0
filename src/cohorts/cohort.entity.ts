import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { COHORT_STATUSES, CohortStatus } from './cohort-status';
import type { ExchangeWindow, GrantRules, ReportQuestions } from './grant-rules';

@Entity('cohorts')
@Index('UQ_cohorts_name', ['name'], { unique: true })
@Check('CHK_cohorts_placement_days', '"min_placement_days" >= 1 AND "min_placement_days" <= "max_placement_days"')
@Check('CHK_cohorts_application_window', '"application_opens_on" <= "application_closes_on"')
@Check('CHK_cohorts_sides', 'cardinality("sides") = 2 AND "sides"[1] <> "sides"[2]')
export class Cohort {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** The two region codes taking part, e.g. `["EU", "CN"]`. */
  @Column({ type: 'text', array: true })
  sides!: string[];

  @Column({ type: 'date' })
  applicationOpensOn!: string;

  @Column({ type: 'date' })
  applicationClosesOn!: string;

  /** One window per direction, so that each side travels together and arrival workshops are possible. */
  @Column({ type: 'jsonb' })
  exchangeWindows!: ExchangeWindow[];

  @Column({ type: 'integer' })
  minPlacementDays!: number;

  @Column({ type: 'integer' })
  maxPlacementDays!: number;

  @Column({ type: 'jsonb' })
  grantRules!: GrantRules;

  @Column({ type: 'jsonb' })
  reportQuestions!: ReportQuestions;

  @Index()
  @Column({ type: 'enum', enum: COHORT_STATUSES, enumName: 'cohort_status', default: 'draft' })
  status!: CohortStatus;

  @ManyToMany(() => User)
  @JoinTable({
    name: 'cohort_reviewers',
    joinColumn: { name: 'cohort_id' },
    inverseJoinColumn: { name: 'user_id' },
  })
  reviewers?: User[];

  @ManyToMany(() => Organisation)
  @JoinTable({
    name: 'cohort_funders',
    joinColumn: { name: 'cohort_id' },
    inverseJoinColumn: { name: 'organisation_id' },
  })
  funders?: Organisation[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
