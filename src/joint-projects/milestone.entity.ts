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
import { JointProject } from './joint-project.entity';

/** A step of a joint project with its due date, marked done by giving the date it was done. */
@Entity('joint_project_milestones')
export class JointProjectMilestone {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  jointProjectId!: string;

  @ManyToOne(() => JointProject, (project) => project.milestones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'joint_project_id' })
  jointProject?: JointProject;

  @Column({ type: 'text' })
  title!: string;

  /** Reminders go out 7 days before (§7). */
  @Index()
  @Column({ type: 'date' })
  dueOn!: string;

  @Column({ type: 'date', nullable: true })
  doneOn!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
