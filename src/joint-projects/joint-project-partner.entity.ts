import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { JointProject } from './joint-project.entity';

/** One partner organisation of a joint project. Removing the project removes its links; an organisation still named is kept. */
@Entity('joint_project_partners')
export class JointProjectPartner {
  @PrimaryColumn({ type: 'uuid' })
  jointProjectId!: string;

  @ManyToOne(() => JointProject, (project) => project.partnerLinks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'joint_project_id' })
  jointProject?: JointProject;

  /** Scopes participants' reads (§4): the projects of their organisation. */
  @Index()
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;
}
