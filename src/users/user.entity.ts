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
import { Organisation } from '../organisations/organisation.entity';
import { Role, ROLES } from '../common/auth/role';

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

@Entity('users')
// Case-insensitive uniqueness is a functional index, written by hand in the migration.
@Index('UQ_users_email_lower', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased; the functional unique index guards the rule in the database as well. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  /** Never selected unless asked for, so it cannot leak into an answer by accident. */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role!: Role;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** IANA zone: reminders are reckoned in the recipient's own day. */
  @Column({ type: 'text', default: 'UTC' })
  timeZone!: string;

  @Column({ type: 'enum', enum: LOCALES, enumName: 'locale', default: 'en' })
  locale!: Locale;

  /** The organisation a funder, reviewer or coordinator works for: funders see its cohorts, reviewers never review it. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  /** Reminder types the user does not want by e-mail (they still reach the in-app inbox). */
  @Column({ type: 'text', array: true, default: '{}' })
  mutedEmailTypes!: string[];

  /** An HTTPS endpoint that receives every notification, signed (§7); null for none. */
  @Column({ type: 'text', nullable: true })
  webhookUrl!: string | null;

  /** The HMAC key of the webhook's signatures; shown once, when the webhook is registered. */
  @Column({ type: 'text', nullable: true, select: false })
  webhookSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
