import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Locale, LOCALES, User } from '../users/user.entity';
import { CHANNEL_STATUSES, ChannelStatus, NOTIFICATION_TYPES, NotificationType } from './notification-types';

/**
 * One notification, written in the transaction of the change that causes it (the outbox). For a user the row
 * is also their in-app inbox entry; an organisation's contact address gets e-mail only.
 */
@Entity('notifications')
@Index(['recipientUserId', 'createdAt'])
// A reminder is sent once per recipient, type, subject and due date, however often the sweep runs.
@Index('UQ_notifications_dedupe_key', ['dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
@Index('IDX_notifications_unrelayed', ['createdAt'], { where: '"relayed_at" IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id' })
  recipientUser?: User;

  /** Where the e-mail goes: the user's address, or an organisation's contact address. */
  @Column({ type: 'text', nullable: true })
  recipientEmail!: string | null;

  @Column({ type: 'enum', enum: LOCALES, enumName: 'locale' })
  locale!: Locale;

  @Column({ type: 'enum', enum: NOTIFICATION_TYPES, enumName: 'notification_type' })
  type!: NotificationType;

  /** The record the notification is about, e.g. `placement` and its id. */
  @Column({ type: 'text' })
  subjectType!: string;

  @Column({ type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** Rendered in the recipient's locale when written. */
  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Index()
  @Column({ type: 'enum', enum: CHANNEL_STATUSES, enumName: 'notification_channel_status' })
  emailStatus!: ChannelStatus;

  @Column({ type: 'integer', default: 0 })
  emailAttempts!: number;

  @Column({ type: 'text', nullable: true })
  emailLastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  emailSentAt!: Date | null;

  @Index()
  @Column({ type: 'enum', enum: CHANNEL_STATUSES, enumName: 'notification_channel_status', default: 'skipped' })
  webhookStatus!: ChannelStatus;

  @Column({ type: 'integer', default: 0 })
  webhookAttempts!: number;

  @Column({ type: 'text', nullable: true })
  webhookLastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  webhookSentAt!: Date | null;

  /** When a channel was claimed for delivery; a claim that never reports back is taken over later. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  dedupeKey!: string | null;

  /** When the relay put it on the queue. */
  @Column({ type: 'timestamptz', nullable: true })
  relayedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
