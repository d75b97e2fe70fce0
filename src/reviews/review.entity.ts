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
import { User } from '../users/user.entity';

/** A selection-committee member's scores for one application, 1-5 on each of the programme's criteria. */
@Entity('reviews')
@Index('UQ_reviews_application_reviewer', ['applicationId', 'reviewerId'], { unique: true })
@Check(
  'CHK_reviews_scores',
  `"organisational_compatibility" BETWEEN 1 AND 5 AND "work_plan_quality" BETWEEN 1 AND 5 AND "applicant_experience" BETWEEN 1 AND 5`,
)
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => Application, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Index()
  @Column({ type: 'uuid' })
  reviewerId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: User;

  @Column({ type: 'smallint' })
  organisationalCompatibility!: number;

  @Column({ type: 'smallint' })
  workPlanQuality!: number;

  @Column({ type: 'smallint' })
  applicantExperience!: number;

  @Column({ type: 'text', default: '' })
  comment!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
