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
import { Cohort } from '../cohorts/cohort.entity';
import { Organisation } from '../organisations/organisation.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { APPLICATION_STATUSES, ApplicationStatus } from './application-status';

export const APPLICATION_KINDS = ['joint', 'single'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const MAX_PREFERRED_HOSTS = 5;

@Entity('applications')
// One live application per staff member and cohort, decided by the database; a withdrawn one frees the place.
@Index('UQ_applications_staff_cohort', ['cohortId', 'staffId'], { unique: true, where: `"status" <> 'withdrawn'` })
@Check('CHK_applications_availability', '"available_from" <= "available_to"')
@Check('CHK_applications_kind', `("kind" = 'joint') = ("partner_organisation_id" IS NOT NULL)`)
@Check('CHK_applications_preferences', `cardinality("preferred_host_ids") <= ${MAX_PREFERRED_HOSTS}`)
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
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

  @Column({ type: 'enum', enum: APPLICATION_KINDS, enumName: 'application_kind' })
  kind!: ApplicationKind;

  /** Joint applications name their partner on the other side. */
  @Column({ type: 'uuid', nullable: true })
  partnerOrganisationId!: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_organisation_id' })
  partnerOrganisation?: Organisation | null;

  @Column({ type: 'text', nullable: true })
  exchangeTopic!: string | null;

  /** Who at the partner is told about the application (defaults to the partner's contact address). */
  @Column({ type: 'text', nullable: true })
  partnerContactName!: string | null;

  @Column({ type: 'text', nullable: true })
  partnerContactEmail!: string | null;

  @Column({ type: 'date' })
  availableFrom!: string;

  @Column({ type: 'date' })
  availableTo!: string;

  /** Single applications: host organisations in order of preference, at most five. */
  @Column({ type: 'uuid', array: true, default: '{}' })
  preferredHostIds!: string[];

  @Column({ type: 'text' })
  motivation!: string;

  @Column({ type: 'text' })
  workPlan!: string;

  @Index()
  @Column({ type: 'enum', enum: APPLICATION_STATUSES, enumName: 'application_status', default: 'submitted' })
  status!: ApplicationStatus;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
