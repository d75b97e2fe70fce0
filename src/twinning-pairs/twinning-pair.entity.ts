import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Cohort } from '../cohorts/cohort.entity';
import { Organisation } from '../organisations/organisation.entity';
import { TWINNING_PAIR_ORIGINS, TwinningPairOrigin } from './twinning-pair-origin';

/**
 * Two organisations, one from each side, twinned in a cohort. Stored with the lower organisation id first, so a
 * pair is one row whichever direction formed it; its placements (normally one each way) point to it.
 */
@Entity('twinning_pairs')
@Index('UQ_twinning_pairs_cohort_organisations', ['cohortId', 'firstOrganisationId', 'secondOrganisationId'], {
  unique: true,
})
@Check('CHK_twinning_pairs_order', '"first_organisation_id" < "second_organisation_id"')
export class TwinningPair {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Cohort;

  @Column({ type: 'uuid' })
  firstOrganisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'first_organisation_id' })
  firstOrganisation?: Organisation;

  @Column({ type: 'uuid' })
  secondOrganisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'second_organisation_id' })
  secondOrganisation?: Organisation;

  @Column({ type: 'text', nullable: true })
  exchangeTopic!: string | null;

  @Column({ type: 'enum', enum: TWINNING_PAIR_ORIGINS, enumName: 'twinning_pair_origin' })
  origin!: TwinningPairOrigin;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
