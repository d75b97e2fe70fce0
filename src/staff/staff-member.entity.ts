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
import { Gender, GENDERS, LanguageSkill, THEMATIC_AREAS, ThematicArea } from '../common/vocabulary';
import { Organisation } from '../organisations/organisation.entity';
import { Locale, LOCALES, User } from '../users/user.entity';

/** A participant's profile: a member of staff of an organisation who may go on an exchange. */
@Entity('staff')
// Case-insensitive uniqueness is a functional index, written by hand in the migration.
@Index('UQ_staff_email_lower', { synchronize: false })
@Check('CHK_staff_years_of_experience', '"years_of_experience" >= 0')
export class StaffMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'text' })
  fullName!: string;

  /** Stored lower-cased. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'enum', enum: GENDERS, enumName: 'gender', default: 'undisclosed' })
  gender!: Gender;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  languages!: LanguageSkill[];

  @Column({ type: 'enum', enum: THEMATIC_AREAS, enumName: 'thematic_area', array: true, default: '{}' })
  expertise!: ThematicArea[];

  @Column({ type: 'text', nullable: true })
  jobTitle!: string | null;

  @Column({ type: 'integer', nullable: true })
  yearsOfExperience!: number | null;

  @Column({ type: 'enum', enum: LOCALES, enumName: 'locale', default: 'en' })
  locale!: Locale;

  /** The participant account that speaks for this profile, if any; one profile per account. */
  @Index({ unique: true, where: '"user_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Set when the person's data was erased on request; the row stays so that counts still add up. */
  @Column({ type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
