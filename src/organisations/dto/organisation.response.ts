import { ApiProperty } from '@nestjs/swagger';
import { THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';
import { Organisation, ORGANISATION_TYPES, OrganisationType } from '../organisation.entity';

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Chengdu Community Water Alliance' })
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  type!: OrganisationType;

  @ApiProperty({ example: 'CN' })
  region!: string;

  @ApiProperty({ example: 'CN' })
  country!: string;

  @ApiProperty({ example: 'Chengdu' })
  city!: string;

  @ApiProperty({ example: 30.5728 })
  latitude!: number;

  @ApiProperty({ example: 104.0668 })
  longitude!: number;

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  thematicAreas!: ThematicArea[];

  @ApiProperty({ example: ['zh', 'en'] })
  workingLanguages!: string[];

  @ApiProperty({ example: 2 })
  hostingCapacity!: number;

  @ApiProperty({ nullable: true, example: 'contact@water-alliance.example' })
  contactEmail!: string | null;

  @ApiProperty({ nullable: true, example: 'https://water-alliance.example' })
  website!: string | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  static from(organisation: Organisation): OrganisationResponse {
    const { id, name, type, region, country, city, latitude, longitude, thematicAreas, workingLanguages } =
      organisation;
    const { hostingCapacity, contactEmail, website, createdAt, updatedAt } = organisation;
    return {
      id,
      name,
      type,
      region,
      country,
      city,
      latitude,
      longitude,
      thematicAreas,
      workingLanguages,
      hostingCapacity,
      contactEmail,
      website,
      createdAt,
      updatedAt,
    };
  }
}
