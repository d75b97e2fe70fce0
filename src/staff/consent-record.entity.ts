import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMember } from './staff-member.entity';

export const CONSENT_PURPOSES = ['programme_administration', 'share_with_funders', 'cross_border_transfer'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Append-only: each grant or withdrawal is a new row, so the history is the table; the latest row per purpose holds. */
@Entity('consent_records')
@Index(['staffId', 'purpose', 'recordedAt'])
export class ConsentRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffMember, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffMember;

  @Column({ type: 'enum', enum: CONSENT_PURPOSES, enumName: 'consent_purpose' })
  purpose!: ConsentPurpose;

  @Column({ type: 'boolean' })
  granted!: boolean;

  /** Which version of the consent text the person saw. */
  @Column({ type: 'text' })
  textVersion!: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}
