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
import { ACTIVITY_TYPES, ActivityType } from '../common/vocabulary';
import { Placement } from '../placements/placement.entity';

/** What a participant did on one day of their placement. */
@Entity('exchange_logs')
@Index(['placementId', 'loggedOn'])
@Check('CHK_exchange_logs_hours', '"hours" >= 0.5 AND "hours" <= 16')
export class ExchangeLog {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  placementId!: string;

  @ManyToOne(() => Placement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'placement_id' })
  placement?: Placement;

  @Column({ type: 'date' })
  loggedOn!: string;

  /** Hours with two decimals at most; numeric, so sums are exact. */
  @Column({
    type: 'numeric',
    precision: 4,
    scale: 2,
    transformer: {
      to: (value: number) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  hours!: number;

  @Index()
  @Column({ type: 'enum', enum: ACTIVITY_TYPES, enumName: 'exchange_activity_type' })
  activityType!: ActivityType;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text', default: '' })
  learningOutcomes!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
