import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { THEMATIC_AREAS, ThematicArea } from '../common/vocabulary';

export const ORGANISATION_TYPES = [
  'ngo',
  'think_tank',
  'foundation',
  'social_enterprise',
  'academic',
  'government_agency',
  'funder',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

@Entity('organisations')
@Check('CHK_organisations_hosting_capacity', '"hosting_capacity" >= 0')
@Check('CHK_organisations_coordinates', '"latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: ORGANISATION_TYPES, enumName: 'organisation_type' })
  type!: OrganisationType;

  @Index()
  @Column({ type: 'text' })
  region!: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ type: 'text' })
  city!: string;

  /** The city's coordinates: the grant's travel band comes from the great-circle distance between two cities. */
  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  @Column({ type: 'enum', enum: THEMATIC_AREAS, enumName: 'thematic_area', array: true, default: '{}' })
  thematicAreas!: ThematicArea[];

  /** ISO 639-1 codes. */
  @Column({ type: 'text', array: true, default: '{}' })
  workingLanguages!: string[];

  /** Participants it can host per cohort; 0 means it does not host. */
  @Column({ type: 'integer', default: 0 })
  hostingCapacity!: number;

  @Column({ type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
